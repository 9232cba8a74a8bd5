using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scari.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class QuizAttemptLayouts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<DateTime>(
                name: "SubmittedUtc",
                table: "QuizAttempts",
                type: "timestamp with time zone",
                nullable: true,
                oldClrType: typeof(DateTime),
                oldType: "timestamp with time zone");

            migrationBuilder.AddColumn<string>(
                name: "LayoutJson",
                table: "QuizAttempts",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "StartedUtc",
                table: "QuizAttempts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_QuizAttempts_Open",
                table: "QuizAttempts",
                columns: new[] { "EnrollmentId", "QuizId" },
                unique: true,
                filter: "\"SubmittedUtc\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_QuizAttempts_Open",
                table: "QuizAttempts");

            migrationBuilder.DropColumn(
                name: "LayoutJson",
                table: "QuizAttempts");

            migrationBuilder.DropColumn(
                name: "StartedUtc",
                table: "QuizAttempts");

            migrationBuilder.AlterColumn<DateTime>(
                name: "SubmittedUtc",
                table: "QuizAttempts",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified),
                oldClrType: typeof(DateTime),
                oldType: "timestamp with time zone",
                oldNullable: true);
        }
    }
}
