using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scari.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class HistoryImports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ExternalCertificate",
                table: "Completions",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ImportId",
                table: "Completions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Note",
                table: "Completions",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CompletionImport",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Imported = table.Column<bool>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    FileSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UploadedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ImportedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: true),
                    Rows = table.Column<int>(type: "INTEGER", nullable: false),
                    Created = table.Column<int>(type: "INTEGER", nullable: false),
                    Unchanged = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CompletionImport", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Completions_Imported",
                table: "Completions",
                columns: new[] { "PersonId", "CourseId", "CompletedUtc" },
                unique: true,
                filter: "\"ImportId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Completions_ImportId",
                table: "Completions",
                column: "ImportId");

            migrationBuilder.CreateIndex(
                name: "IX_CompletionImport_UploadedUtc",
                table: "CompletionImport",
                column: "UploadedUtc");

            migrationBuilder.AddForeignKey(
                name: "FK_Completions_CompletionImport_ImportId",
                table: "Completions",
                column: "ImportId",
                principalTable: "CompletionImport",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Completions_CompletionImport_ImportId",
                table: "Completions");

            migrationBuilder.DropTable(
                name: "CompletionImport");

            migrationBuilder.DropIndex(
                name: "IX_Completions_Imported",
                table: "Completions");

            migrationBuilder.DropIndex(
                name: "IX_Completions_ImportId",
                table: "Completions");

            migrationBuilder.DropColumn(
                name: "ExternalCertificate",
                table: "Completions");

            migrationBuilder.DropColumn(
                name: "ImportId",
                table: "Completions");

            migrationBuilder.DropColumn(
                name: "Note",
                table: "Completions");
        }
    }
}
