using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Identity.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class AuditTrail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    sequence = table.Column<long>(type: "bigint", nullable: false, defaultValueSql: "0"),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    actor_unit_id = table.Column<Guid>(type: "uuid", nullable: true),
                    actor_roles = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    subject_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    subject_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    detail = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    previous_hash = table.Column<byte[]>(type: "bytea", nullable: false, defaultValueSql: "'\\x'::bytea"),
                    hash = table.Column<byte[]>(type: "bytea", nullable: false, defaultValueSql: "'\\x'::bytea")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_at",
                table: "audit_entries",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_sequence",
                table: "audit_entries",
                column: "sequence",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_subject",
                table: "audit_entries",
                columns: new[] { "subject_type", "subject_id" });

            // Numbering, chaining and append-only are the database's: see AuditTrail.
            migrationBuilder.Sql(Platform.Messaging.Audit.AuditTrail.InstallSql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.Sql("DROP FUNCTION IF EXISTS audit_entries_chain(); DROP FUNCTION IF EXISTS audit_entries_append_only(); DROP FUNCTION IF EXISTS audit_field(text);");
        }
    }
}
