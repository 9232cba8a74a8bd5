using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scari.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RemindersAndMailPreferences : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "RemindersOptOutUtc",
                table: "People",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UnsubscribeUrl",
                table: "OutboxMessages",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RemindClosingDays",
                table: "Cohorts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RemindNotStartedDays",
                table: "Cohorts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RemindStalledDays",
                table: "Cohorts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DigestOptOutUtc",
                table: "AspNetUsers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "JobLeases",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    LeaseUntilUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Holder = table.Column<Guid>(type: "TEXT", nullable: true),
                    LastRunUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobLeases", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "ReminderSends",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 480, nullable: false),
                    Occurrence = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    EnrollmentId = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReminderSends", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "JobLeases",
                columns: new[] { "Name", "Holder", "LastRunUtc", "LeaseUntilUtc" },
                values: new object[] { "recordatorios", null, null, new DateTime(2000, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc) });

            migrationBuilder.CreateIndex(
                name: "IX_ReminderSends_EnrollmentId",
                table: "ReminderSends",
                column: "EnrollmentId");

            migrationBuilder.CreateIndex(
                name: "IX_ReminderSends_Once",
                table: "ReminderSends",
                columns: new[] { "Kind", "Target", "Occurrence" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "JobLeases");

            migrationBuilder.DropTable(
                name: "ReminderSends");

            migrationBuilder.DropColumn(
                name: "RemindersOptOutUtc",
                table: "People");

            migrationBuilder.DropColumn(
                name: "UnsubscribeUrl",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "RemindClosingDays",
                table: "Cohorts");

            migrationBuilder.DropColumn(
                name: "RemindNotStartedDays",
                table: "Cohorts");

            migrationBuilder.DropColumn(
                name: "RemindStalledDays",
                table: "Cohorts");

            migrationBuilder.DropColumn(
                name: "DigestOptOutUtc",
                table: "AspNetUsers");
        }
    }
}
