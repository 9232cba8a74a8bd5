using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scari.Web.Data.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VoidReason",
                table: "Completions",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VoidedByUserId",
                table: "Completions",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "VoidedUtc",
                table: "Completions",
                type: "TEXT",
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
