using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scari.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CompletionVoids : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "VoidChangedUtc",
                table: "Completions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VoidReason",
                table: "Completions",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VoidedByUserId",
                table: "Completions",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "VoidedUtc",
                table: "Completions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Completions_VoidChanged",
                table: "Completions",
                column: "VoidChangedUtc",
                filter: "\"VoidChangedUtc\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Completions_VoidChanged",
                table: "Completions");

            migrationBuilder.DropColumn(
                name: "VoidChangedUtc",
                table: "Completions");

            migrationBuilder.DropColumn(
                name: "VoidReason",
                table: "Completions");

            migrationBuilder.DropColumn(
                name: "VoidedByUserId",
                table: "Completions");

            migrationBuilder.DropColumn(
                name: "VoidedUtc",
                table: "Completions");
        }
    }
}
