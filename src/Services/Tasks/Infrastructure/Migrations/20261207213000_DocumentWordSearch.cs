using Microsoft.EntityFrameworkCore.Migrations;
using Platform.Tasks.Domain;

#nullable disable

namespace Platform.Tasks.Infrastructure.Migrations
{
    /// <summary>
    /// Word-based document search: the search text becomes the document's normalised words with its kind's name and
    /// year (<see cref="DocumentSearch"/>), so every stored row is rebuilt.
    /// </summary>
    public partial class DocumentWordSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "search_text",
                table: "documents",
                type: "character varying(1384)",
                maxLength: 1384,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(1336)",
                oldMaxLength: 1336);

            migrationBuilder.Sql(DocumentSearch.RebuildSql());
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The earlier phrase search's text: number/symbol, subject and issuer, lower-cased.
            migrationBuilder.Sql("UPDATE documents SET search_text = left(lower(COALESCE(number::text, '…') || '/' || symbol || ' ' || subject || ' ' || issuer_name), 1336)");

            migrationBuilder.AlterColumn<string>(
                name: "search_text",
                table: "documents",
                type: "character varying(1336)",
                maxLength: 1336,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(1384)",
                oldMaxLength: 1384);
        }
    }
}
