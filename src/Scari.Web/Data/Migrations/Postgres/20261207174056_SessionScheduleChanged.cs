using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scari.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SessionScheduleChanged : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ScheduleChangedUtc",
                table: "TrainingSessions",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ScheduleChangedUtc",
                table: "TrainingSessions");
        }
    }
}
