using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Tasks.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class DocumentSearchText : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "search_text",
                table: "documents",
                type: "character varying(1336)",
                maxLength: 1336,
                nullable: false,
                defaultValue: "");

            // Documents drafted before this column: searchable by their lower-cased text until next changed.
            migrationBuilder.Sql("UPDATE documents SET search_text = lower(COALESCE(number::text, '…') || '/' || symbol || ' ' || subject || ' ' || issuer_name)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "search_text",
                table: "documents");
        }
    }
}
