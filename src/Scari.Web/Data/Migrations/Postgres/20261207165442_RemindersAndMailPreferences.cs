using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Scari.Web.Data.Migrations.Postgres
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
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UnsubscribeUrl",
                table: "OutboxMessages",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RemindClosingDays",
                table: "Cohorts",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RemindNotStartedDays",
                table: "Cohorts",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RemindStalledDays",
                table: "Cohorts",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DigestOptOutUtc",
                table: "AspNetUsers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "JobLeases",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    LeaseUntilUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Holder = table.Column<Guid>(type: "uuid", nullable: true),
                    LastRunUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobLeases", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "ReminderSends",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Target = table.Column<string>(type: "character varying(480)", maxLength: 480, nullable: false),
                    Occurrence = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    EnrollmentId = table.Column<int>(type: "integer", nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
