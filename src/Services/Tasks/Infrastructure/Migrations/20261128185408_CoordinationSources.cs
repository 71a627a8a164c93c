using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Tasks.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class CoordinationSources : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "source_key",
                table: "documents",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "source_key",
                table: "document_tasks",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_documents_source_key",
                table: "documents",
                column: "source_key",
                unique: true,
                filter: "source_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_document_tasks_source_key",
                table: "document_tasks",
                column: "source_key",
                unique: true,
                filter: "source_key IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_documents_source_key",
                table: "documents");

            migrationBuilder.DropIndex(
                name: "ix_document_tasks_source_key",
                table: "document_tasks");

            migrationBuilder.DropColumn(
                name: "source_key",
                table: "documents");

            migrationBuilder.DropColumn(
                name: "source_key",
                table: "document_tasks");
        }
    }
}
