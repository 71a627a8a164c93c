using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Reporting.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class SubmissionVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "xmin",
                table: "submissions");

            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "submissions",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "version",
                table: "submissions");

            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "submissions",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);
        }
    }
}
