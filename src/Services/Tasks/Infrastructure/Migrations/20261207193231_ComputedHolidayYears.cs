using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Platform.Tasks.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ComputedHolidayYears : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // 2027 was seeded from the Labour Code's rules, not an announcement; it is now computed (and provisional)
            // until its announced days are entered. Only the rows still as seeded go: an officer's edit stays.
            migrationBuilder.Sql("""
                DELETE FROM holidays
                WHERE kind = 'DayOff' AND ("date", "name") IN (
                    ('2027-01-01', 'Tết Dương lịch'),
                    ('2027-02-04', 'Tết Nguyên đán'),
                    ('2027-02-05', 'Tết Nguyên đán'),
                    ('2027-02-08', 'Tết Nguyên đán'),
                    ('2027-02-09', 'Tết Nguyên đán'),
                    ('2027-02-10', 'Tết Nguyên đán'),
                    ('2027-04-16', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'),
                    ('2027-04-30', 'Ngày Chiến thắng (30/4)'),
                    ('2027-05-03', 'Ngày Quốc tế Lao động (1/5) (nghỉ bù)'),
                    ('2027-09-02', 'Quốc khánh (2/9)'),
                    ('2027-09-03', 'Quốc khánh (2/9)'));
                """);

            migrationBuilder.AddColumn<bool>(
                name: "deadline_provisional",
                table: "document_tasks",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "deadline_provisional",
                table: "document_tasks");

            migrationBuilder.InsertData(
                table: "holidays",
                columns: new[] { "date", "kind", "name" },
                values: new object[,]
                {
                    { new DateOnly(2027, 1, 1), "DayOff", "Tết Dương lịch" },
                    { new DateOnly(2027, 2, 4), "DayOff", "Tết Nguyên đán" },
                    { new DateOnly(2027, 2, 5), "DayOff", "Tết Nguyên đán" },
                    { new DateOnly(2027, 2, 8), "DayOff", "Tết Nguyên đán" },
                    { new DateOnly(2027, 2, 9), "DayOff", "Tết Nguyên đán" },
                    { new DateOnly(2027, 2, 10), "DayOff", "Tết Nguyên đán" },
                    { new DateOnly(2027, 4, 16), "DayOff", "Giỗ Tổ Hùng Vương (10/3 âm lịch)" },
                    { new DateOnly(2027, 4, 30), "DayOff", "Ngày Chiến thắng (30/4)" },
                    { new DateOnly(2027, 5, 3), "DayOff", "Ngày Quốc tế Lao động (1/5) (nghỉ bù)" },
                    { new DateOnly(2027, 9, 2), "DayOff", "Quốc khánh (2/9)" },
                    { new DateOnly(2027, 9, 3), "DayOff", "Quốc khánh (2/9)" }
                });
        }
    }
}
