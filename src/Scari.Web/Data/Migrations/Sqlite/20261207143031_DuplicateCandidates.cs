using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scari.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DuplicateCandidates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "NameKey",
                table: "People",
                type: "TEXT",
                maxLength: 220,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "DuplicateDismissals",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PersonAId = table.Column<int>(type: "INTEGER", nullable: false),
                    PersonBId = table.Column<int>(type: "INTEGER", nullable: false),
                    DismissedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DismissedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DuplicateDismissals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DuplicateDismissals_People_PersonAId",
                        column: x => x.PersonAId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DuplicateDismissals_People_PersonBId",
                        column: x => x.PersonBId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_People_DocumentNumber",
                table: "People",
                column: "DocumentNumber");

            migrationBuilder.CreateIndex(
                name: "IX_People_Email",
                table: "People",
                column: "Email");

            migrationBuilder.CreateIndex(
                name: "IX_People_NameKey_BirthDate",
                table: "People",
                columns: new[] { "NameKey", "BirthDate" });

            migrationBuilder.CreateIndex(
                name: "IX_DuplicateDismissals_PersonAId_PersonBId",
                table: "DuplicateDismissals",
                columns: new[] { "PersonAId", "PersonBId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DuplicateDismissals_PersonBId",
                table: "DuplicateDismissals",
                column: "PersonBId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DuplicateDismissals");

            migrationBuilder.DropIndex(
                name: "IX_People_DocumentNumber",
                table: "People");

            migrationBuilder.DropIndex(
                name: "IX_People_Email",
                table: "People");

            migrationBuilder.DropIndex(
                name: "IX_People_NameKey_BirthDate",
                table: "People");

            migrationBuilder.DropColumn(
                name: "NameKey",
                table: "People");
        }
    }
}
