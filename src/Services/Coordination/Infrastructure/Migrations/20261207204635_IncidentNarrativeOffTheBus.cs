using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Coordination.Infrastructure.Migrations
{
    /// <summary>
    /// The school's narrative (description, actions taken) no longer crosses the bus; the copies coordination
    /// kept are dropped with their columns, deliberately. <see cref="Down"/> brings the columns back empty.
    /// </summary>
    public partial class IncidentNarrativeOffTheBus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "actions_taken",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "description",
                table: "incidents");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "actions_taken",
                table: "incidents",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "description",
                table: "incidents",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: false,
                defaultValue: "");
        }
    }
}
