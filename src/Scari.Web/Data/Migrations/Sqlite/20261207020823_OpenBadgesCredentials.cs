using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scari.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OpenBadgesCredentials : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CredentialJwt",
                table: "Certificates",
                type: "TEXT",
                maxLength: 20000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "StatusListIndex",
                table: "Certificates",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ValidUntilUtc",
                table: "Certificates",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CertificateDocumentChecks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CertificateId = table.Column<int>(type: "INTEGER", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Matched = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CertificateDocumentChecks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CertificateDocumentChecks_Certificates_CertificateId",
                        column: x => x.CertificateId,
                        principalTable: "Certificates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CredentialHolders",
                columns: table => new
                {
                    PersonId = table.Column<int>(type: "INTEGER", nullable: false),
                    SubjectId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CredentialHolders", x => x.PersonId);
                    table.ForeignKey(
                        name: "FK_CredentialHolders_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CredentialSigningKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Thumbprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ValidFromUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ProtectedPrivateKey = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    Modulus = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Exponent = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CredentialSigningKeys", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Certificates_StatusListIndex",
                table: "Certificates",
                column: "StatusListIndex",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CertificateDocumentChecks_CertificateId_AtUtc",
                table: "CertificateDocumentChecks",
                columns: new[] { "CertificateId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_CredentialHolders_SubjectId",
                table: "CredentialHolders",
                column: "SubjectId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CredentialSigningKeys_Thumbprint",
                table: "CredentialSigningKeys",
                column: "Thumbprint",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CredentialSigningKeys_ValidFromUtc",
                table: "CredentialSigningKeys",
                column: "ValidFromUtc",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CertificateDocumentChecks");

            migrationBuilder.DropTable(
                name: "CredentialHolders");

            migrationBuilder.DropTable(
                name: "CredentialSigningKeys");

            migrationBuilder.DropIndex(
                name: "IX_Certificates_StatusListIndex",
                table: "Certificates");

            migrationBuilder.DropColumn(
                name: "CredentialJwt",
                table: "Certificates");

            migrationBuilder.DropColumn(
                name: "StatusListIndex",
                table: "Certificates");

            migrationBuilder.DropColumn(
                name: "ValidUntilUtc",
                table: "Certificates");
        }
    }
}
