using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Coordination.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class UnitHistoryAndDissolvedParties : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "end_reason",
                table: "briefing_cadences",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "succeeded_from_unit_id",
                table: "briefing_cadences",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "unit_dissolutions",
                columns: table => new
                {
                    unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    successor_unit_id = table.Column<Guid>(type: "uuid", nullable: true),
                    reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    effective_date = table.Column<DateOnly>(type: "date", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_unit_dissolutions", x => x.unit_id);
                });

            migrationBuilder.CreateTable(
                name: "unit_parent_changes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
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
                name: "unit_dissolutions");

            migrationBuilder.DropTable(
                name: "unit_parent_changes");

            migrationBuilder.DropColumn(
                name: "end_reason",
                table: "briefing_cadences");

            migrationBuilder.DropColumn(
                name: "succeeded_from_unit_id",
                table: "briefing_cadences");
        }
    }
}
