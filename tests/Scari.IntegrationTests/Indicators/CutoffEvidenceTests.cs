using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scari.Testing;
using Scari.Web;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Indicators;
using Scari.Web.Features.Learning;
using Scari.Web.Features.People;

namespace Scari.IntegrationTests.Indicators;

/// <summary>
/// A publication's evidence pack (issue 17, item 9), on its own database: the counts are cumulative from the start of
/// the period, so its people would enter every cut-off of <see cref="CutoffTests"/>. On PostgreSQL and on SQLite.
/// </summary>
public abstract class CutoffEvidenceTests(IAppFixture fixture)
{
    private ScariAppFactory App => fixture.App;
    private const string Staff = IndicatorScenario.Staff;
    private static DateTime Bog(int y, int m, int d) => Bogota.StartOfDayUtc(new DateOnly(y, m, d)).AddHours(10);

    private async Task<HttpClient> AdminAsync(string name)
    {
        await App.CreateUserAsync(name, Roles.Administrador);
        return await App.SignedInClientAsync(name);
    }

    [Fact]
    public async Task The_evidence_pack_holds_both_canonical_files_the_people_behind_the_figures_their_hours_by_vinculo_and_a_summary_with_the_hash()
    {
        // May 2024, counted at 2024-06-30: a servant of
        // planta with two courses (the first with a certificate), a contratista with a 12-hour course, another of planta.
        var certificate = await App.WithDbAsync(async db =>
        {
            var dep = new Dependencia { Code = "EV-X", Name = "Secretaría de Evidencia" };
            var versions = await db.CourseVersions.Where(v => v.IsCurrent).ToDictionaryAsync(v => v.CourseId, v => v.Id);
            Person Servant(string number, Vinculo vinculo) => new()
            {
                DocumentType = DocumentType.CC, DocumentNumber = number, GivenNames = "Eva " + number[^1], FamilyNames = "Evidencia",
                Audience = Audience.Staff, Dependencia = dep, Vinculo = vinculo, Cargo = "Profesional", CreatedUtc = Bog(2024, 1, 1),
            };
            var planta = Servant("7800001", Vinculo.Planta);
            var contratista = Servant("7800002", Vinculo.Contratista);
            var otra = Servant("7800003", Vinculo.Planta);
            Completion Done(Person p, string course, int day, int hours) => new()
            {
                Person = p, CourseId = course, CourseVersionId = versions[course], Source = CompletionSource.Online, CompletedUtc = Bog(2024, 5, day), Hours = hours,
            };
            var first = Done(planta, "seguridad-digital", 6, 8);
            db.AddRange(planta, contratista, otra, first, Done(planta, "transformacion-digital", 20, 8),
                Done(contratista, "seguridad-digital", 8, 12), Done(otra, "seguridad-digital", 9, 8));
            await db.SaveChangesAsync();
            return first.Id;
        });
        var issued = await App.WithScopeAsync(sp => sp.GetRequiredService<Scari.Web.Features.Certificates.CertificateIssuer>().IssueAsync(certificate, default));
        var result = await App.WithScopeAsync(sp => sp.GetRequiredService<CutoffPublishing>().PublishAsync(Staff, new DateOnly(2024, 6, 30), null, "prueba", default));
        Assert.Null(result.Error);
        var publication = result.Publication!;
        Assert.Equal(3, publication.People);
        var url = $"/admin/indicadores/cortes?handler=Evidencia&id={publication.Id}";

        // Administrators only.
        using (var anonymous = await App.CreateBrowserLikeClient().GetAsync(url)) Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
        await App.CreateCoordinatorAsync("evidencia.coord@scari.test", dependenciaId: await App.WithDbAsync(db => db.Dependencias.Where(d => d.Code == "EV-X").Select(d => d.Id).SingleAsync()));
        using (var coordinator = await App.SignedInClientAsync("evidencia.coord@scari.test"))
        using (var refused = await coordinator.GetAsync(url)) Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);

        using var admin = await AdminAsync("evidencia.admin@scari.test");
        using var response = await admin.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        byte[] Entry(string name)
        {
            var entry = zip.GetEntry(name) ?? throw new Xunit.Sdk.XunitException($"falta {name} en el paquete: {string.Join(", ", zip.Entries.Select(e => e.FullName))}");
            using var s = entry.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return m.ToArray();
        }
        List<string[]> Csv(string name) => [.. System.Text.Encoding.UTF8.GetString(Entry(name)).TrimStart('\uFEFF')
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(';'))];
        var stem = $"corte-{Staff}-2024-06-30-{publication.Id}";

        // The canonical files, byte for byte what the hashes cover.
        Assert.Equal(publication.Sha256, Convert.ToHexStringLower(SHA256.HashData(Entry($"{stem}.txt"))));
        Assert.Equal(publication.PeopleSha256, Convert.ToHexStringLower(SHA256.HashData(Entry($"{stem}-personas.txt"))));

        // Every counted completion with its person, unit, date, source, hours and certificate.
        var rows = Csv("personas-y-finalizaciones.csv");
        Assert.Equal(4, rows.Count);
        var first = rows.Single(r => r[0] == certificate.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(["CC 7800001", "Eva 1", "Evidencia", "servidor", "Secretaría de Evidencia", "planta"], first[1..7]);
        Assert.Equal(("2024-05-06", "en línea", "8", issued!.Code), (first[9], first[10], first[11], first[12]));
        Assert.Equal("12", rows.Single(r => r[1] == "CC 7800002")[11]);

        // Hours per person and per vínculo (PIC, FURAG).
        var perPerson = Csv("horas-por-persona.csv").ToDictionary(r => r[0]);
        Assert.Equal(("planta", "2", "16"), (perPerson["CC 7800001"][3], perPerson["CC 7800001"][6], perPerson["CC 7800001"][7]));
        var byVinculo = Csv("horas-por-vinculo.csv").ToDictionary(r => r[0], r => (r[1], r[2], r[3]));
        Assert.Equal(("2", "3", "24"), byVinculo["planta"]);
        Assert.Equal(("1", "1", "12"), byVinculo["contratista"]);
        Assert.Equal(("3", "4", "36"), byVinculo["total"]);

        // The one-page summary: the hash in two halves, the hours and the QR's address.
        using (var pdf = UglyToad.PdfPig.PdfDocument.Open(Entry("resumen.pdf")))
        {
            Assert.Equal(1, pdf.NumberOfPages);
            var text = string.Join(" ", pdf.GetPage(1).GetWords().Select(w => w.Text));
            Assert.Contains(publication.Sha256[..32], text);
            Assert.Contains(publication.Sha256[32..], text);
            Assert.Contains("contratista", text);
            Assert.Contains($"/indicadores/cortes/{publication.Id}", text);
        }
        Assert.Contains("report verify", System.Text.Encoding.UTF8.GetString(Entry("LEAME.txt")));
        Assert.True(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "cutoff.evidence-downloaded" && e.TargetId == publication.Id.ToString(CultureInfo.InvariantCulture))));
    }

}

public sealed class PostgresCutoffEvidenceTests(PostgresApp app) : CutoffEvidenceTests(app), IClassFixture<PostgresApp>;

public sealed class SqliteCutoffEvidenceTests(SqliteApp app) : CutoffEvidenceTests(app), IClassFixture<SqliteApp>;
