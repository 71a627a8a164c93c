using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Platform.Reporting.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class UnitParentChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "unit_parent_changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    previous_parent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    new_parent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    effective_date = table.Column<DateOnly>(type: "date", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_unit_parent_changes", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_unit_parent_changes_unit_id_effective_date",
                table: "unit_parent_changes",
                columns: new[] { "unit_id", "effective_date" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "unit_parent_changes");
        }
    }
}
