using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Reporting.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class IncidentPoliceShares : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "incident_police_shares",
                columns: table => new
                {
                    referral_id = table.Column<Guid>(type: "uuid", nullable: false),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: false),
                    police_unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    shared_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_incident_police_shares", x => x.referral_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_incident_police_shares_incident_id",
                table: "incident_police_shares",
                column: "incident_id");

            migrationBuilder.CreateIndex(
                name: "ix_incident_police_shares_police_unit_id_incident_id",
                table: "incident_police_shares",
                columns: new[] { "police_unit_id", "incident_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "incident_police_shares");
        }
    }
}
