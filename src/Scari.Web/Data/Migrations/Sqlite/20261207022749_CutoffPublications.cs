using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scari.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CutoffPublications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CutoffPublications",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IndicatorId = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Cutoff = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PublishedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PublishedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    PublishedByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    RuleVersion = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SupersedesId = table.Column<int>(type: "INTEGER", nullable: true),
                    People = table.Column<int>(type: "INTEGER", nullable: false),
                    PublicFile = table.Column<string>(type: "TEXT", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PeopleFileGzip = table.Column<byte[]>(type: "BLOB", nullable: false),
                    PeopleSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CutoffPublications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CutoffPublications_CutoffPublications_SupersedesId",
                        column: x => x.SupersedesId,
                        principalTable: "CutoffPublications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CutoffPublications_IndicatorId_Cutoff_PublishedUtc",
                table: "CutoffPublications",
                columns: new[] { "IndicatorId", "Cutoff", "PublishedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_CutoffPublications_Sha256",
                table: "CutoffPublications",
                column: "Sha256",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CutoffPublications_SupersedesId",
                table: "CutoffPublications",
                column: "SupersedesId",
                unique: true);

            migrationBuilder.Sql(Scari.Web.Features.Indicators.CutoffGuard.SqliteTriggers);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CutoffPublications");
        }
    }
}
