using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Tasks.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class AssignmentClosedReason : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "closed_on",
                table: "assignments",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "closed_reason",
                table: "assignments",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            // Assignments cancelled before the reason was kept: the reason and day from their Cancelled history line.
            migrationBuilder.Sql("""
                UPDATE assignments a
                SET closed_reason = COALESCE(h.note, 'Đơn vị giải thể, không có đơn vị kế thừa'),
                    closed_on = (h.at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
                FROM (
                    SELECT DISTINCT ON (assignment_id) assignment_id, note, at
                    FROM assignment_history WHERE kind = 'Cancelled'
                    ORDER BY assignment_id, at DESC
                ) h
                WHERE h.assignment_id = a.id AND a.status = 'Cancelled' AND a.closed_reason IS NULL;
                UPDATE assignments SET closed_reason = 'Đơn vị giải thể, không có đơn vị kế thừa', closed_on = assigned_at::date
                WHERE status = 'Cancelled' AND closed_reason IS NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "closed_on",
                table: "assignments");

            migrationBuilder.DropColumn(
                name: "closed_reason",
                table: "assignments");
        }
    }
}
