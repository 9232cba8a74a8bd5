using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scari.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PersonMerges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "DuplicateOfCompletionId",
                table: "Completions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MovedByMergeId",
                table: "Certificates",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Data",
                table: "AuditEntries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PersonMerges",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SurvivorPersonId = table.Column<int>(type: "INTEGER", nullable: false),
                    MergedPersonId = table.Column<int>(type: "INTEGER", nullable: false),
                    MergedName = table.Column<string>(type: "TEXT", maxLength: 220, nullable: false),
                    MergedDocument = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    MergedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    MergedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    AuditEntryId = table.Column<long>(type: "INTEGER", nullable: true),
                    UndoneUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UndoneByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonMerges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PersonMerges_People_SurvivorPersonId",
                        column: x => x.SurvivorPersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Completions_DuplicateOfCompletionId",
                table: "Completions",
                column: "DuplicateOfCompletionId");

            migrationBuilder.CreateIndex(
                name: "IX_PersonMerges_MergedPersonId",
                table: "PersonMerges",
                column: "MergedPersonId");

            migrationBuilder.CreateIndex(
                name: "IX_PersonMerges_SurvivorPersonId",
                table: "PersonMerges",
                column: "SurvivorPersonId");

            migrationBuilder.AddForeignKey(
                name: "FK_Completions_Completions_DuplicateOfCompletionId",
                table: "Completions",
                column: "DuplicateOfCompletionId",
                principalTable: "Completions",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Completions_Completions_DuplicateOfCompletionId",
                table: "Completions");

            migrationBuilder.DropTable(
                name: "PersonMerges");

            migrationBuilder.DropIndex(
                name: "IX_Completions_DuplicateOfCompletionId",
                table: "Completions");

            migrationBuilder.DropColumn(
                name: "DuplicateOfCompletionId",
                table: "Completions");

            migrationBuilder.DropColumn(
                name: "MovedByMergeId",
                table: "Certificates");

            migrationBuilder.DropColumn(
                name: "Data",
                table: "AuditEntries");
        }
    }
}
