using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Scari.Web.Data.Migrations.Postgres
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    IndicatorId = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Cutoff = table.Column<DateOnly>(type: "date", nullable: false),
                    PublishedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    PublishedByUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    PublishedByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    RuleVersion = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    SupersedesId = table.Column<int>(type: "integer", nullable: true),
                    People = table.Column<int>(type: "integer", nullable: false),
                    PublicFile = table.Column<string>(type: "text", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PeopleFileGzip = table.Column<byte[]>(type: "bytea", nullable: false),
                    PeopleSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
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

            migrationBuilder.Sql(Scari.Web.Features.Indicators.CutoffGuard.PostgresTriggers);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CutoffPublications");

            migrationBuilder.Sql("DROP FUNCTION IF EXISTS scari_cutoff_immutable();");
        }
    }
}
