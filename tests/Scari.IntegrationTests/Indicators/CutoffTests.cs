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
/// Publishing a cut-off end to end: preview, publish, the two canonical files and their hashes, offline verification,
/// a late record and the superseding publication, the public pages and the API, the disclosure rule against a reader
/// who combines publications, and immutability. On PostgreSQL and on SQLite.
/// </summary>
public abstract class CutoffTests(IAppFixture fixture)
{
    private ScariAppFactory App => fixture.App;
    private const string Staff = IndicatorScenario.Staff;
    private static DateTime Bog(int y, int m, int d) => Bogota.StartOfDayUtc(new DateOnly(y, m, d)).AddHours(10);

    private sealed record World(Dictionary<string, int> Deps);

    /// <summary>
    /// February 2025: 8 servants of A and 6 of B. March: one more of B, 2 of C, and one of A takes a second course.
    /// Without a reserved cell, C's "&lt;5" would follow from March's total minus A and B.
    /// </summary>
    private Task<World> SeedAsync() => App.WithDbAsync(async db =>
    {
        var deps = new[] { "A", "B", "C" }.ToDictionary(k => k, k => new Dependencia { Code = $"CT-{k}", Name = $"Secretaría de Corte {k}" });
        db.AddRange(deps.Values);
        var n = 7_700_000;
        void Servant(string dep, Vinculo vinculo, DateTime when, params string[] courses)
        {
            var p = new Person
            {
                DocumentType = DocumentType.CC, DocumentNumber = (n++).ToString(CultureInfo.InvariantCulture), GivenNames = "Nombre" + n,
                FamilyNames = "Apellidocorte", Audience = Audience.Staff, Dependencia = deps[dep], Vinculo = vinculo, Cargo = "Profesional",
                CreatedUtc = Bog(2024, 1, 1),
            };
            db.People.Add(p);
            foreach (var (course, i) in courses.Select((c, i) => (c, i)))
                db.Completions.Add(new Completion { Person = p, CourseId = course, Source = CompletionSource.Online, CompletedUtc = when.AddDays(i * 20), Hours = 8 });
        }
        for (var i = 0; i < 8; i++) Servant("A", Vinculo.Planta, Bog(2025, 2, 10), i == 0 ? ["seguridad-digital", "transformacion-digital"] : ["seguridad-digital"]);
        for (var i = 0; i < 6; i++) Servant("B", Vinculo.Contratista, Bog(2025, 2, 12), "seguridad-digital");
        Servant("B", Vinculo.Contratista, Bog(2025, 3, 5), "seguridad-digital");
        Servant("C", Vinculo.Planta, Bog(2025, 3, 20), "seguridad-digital");
        Servant("C", Vinculo.Planta, Bog(2025, 3, 21), "seguridad-digital");
        await db.SaveChangesAsync();
        return new World(deps.ToDictionary(d => d.Key, d => d.Value.Id));
    });

    private async Task<HttpClient> AdminAsync(string name)
    {
        await App.CreateUserAsync(name, Roles.Administrador);
        return await App.SignedInClientAsync(name);
    }

    private static Dictionary<string, string> Cells(PublicReport r) => r.Dependencias.ToDictionary(c => c.Key, c => c.Value);

    [Fact]
    public async Task A_cut_off_is_previewed_published_with_checkable_hashes_superseded_by_a_later_publication_and_never_gives_a_small_cell_away()
    {
        await SeedAsync();
        using var admin = await AdminAsync("cortes.admin@scari.test");

        // The previous publication: February's end.
        var feb = await App.WithScopeAsync(sp => sp.GetRequiredService<CutoffPublishing>().PublishAsync(Staff, new DateOnly(2025, 2, 28), null, "prueba", default));
        Assert.Null(feb.Error);
        var febReport = CutoffPublishing.ReportOf(feb.Publication!);
        Assert.Equal(14, febReport.People);
        Assert.Equal(new Dictionary<string, string> { ["CT-A"] = "8", ["CT-B"] = "6" }, Cells(febReport));

        // Preview of March, then publish through the page.
        var preview = await admin.GetStringAsync($"/admin/indicadores/cortes?indicador={Staff}&corte=2025-03-31");
        Assert.Contains("Vista previa", preview);
        Assert.Contains("Publicar este corte", preview);
        Assert.Equal(1, await App.WithDbAsync(db => db.CutoffPublications.CountAsync(p => p.IndicatorId == Staff))); // previewing writes nothing
        using var published = await admin.PostFormAsync($"/admin/indicadores/cortes?indicador={Staff}&corte=2025-03-31", new());
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var marchUrl = published.Headers.Location!.OriginalString;
        var marchId = int.Parse(marchUrl.Split('/')[^1], CultureInfo.InvariantCulture);
        var march = await App.WithDbAsync(db => db.CutoffPublications.AsNoTracking().SingleAsync(p => p.Id == marchId));
        var marchReport = CutoffPublishing.ReportOf(march);
        Assert.Equal(17, marchReport.People);
        Assert.Null(march.SupersedesId);
        Assert.Equal("x", Cells(marchReport)["CT-B"]);   // reserved: with it, C would be 17 − 8 − 7
        Assert.Equal("<5", Cells(marchReport)["CT-C"]);
        Assert.Equal("8", Cells(marchReport)["CT-A"]);
        Assert.Equal("1", marchReport.Additional);       // 18 course rows for 17 people
        Assert.True(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "cutoff.published" && e.TargetId == marchId.ToString(CultureInfo.InvariantCulture))));

        // The public page shows the figures and the hash, never a name; the file downloads byte for byte.
        var page = await App.CreateClient().GetStringAsync(marchUrl);
        Assert.Contains(march.Sha256, page);
        Assert.Contains("menos de 5", page);
        Assert.Contains("reservado", page);
        Assert.DoesNotContain("Apellidocorte", page);
        var publicFile = await App.CreateClient().GetByteArrayAsync($"{marchUrl}?handler=Archivo");
        Assert.Equal(march.Sha256, Convert.ToHexStringLower(SHA256.HashData(publicFile)));
        using (var anonymous = await App.CreateBrowserLikeClient().GetAsync($"/admin/indicadores/cortes?handler=Personas&id={marchId}"))
            Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
        var peopleFile = await admin.GetByteArrayAsync($"/admin/indicadores/cortes?handler=Personas&id={marchId}");
        Assert.Equal(march.PeopleSha256, Convert.ToHexStringLower(SHA256.HashData(peopleFile)));
        Assert.Contains($"personas_sha256;{march.PeopleSha256}\n", System.Text.Encoding.UTF8.GetString(publicFile));
        Assert.Equal(18, CutoffFiles.ReadPeopleFile(peopleFile).Count);
        Assert.True(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "cutoff.people-file-downloaded")));

        // Offline verification: both files agree; a changed figure does not.
        var dir = Directory.CreateTempSubdirectory("scari-corte-");
        try
        {
            var pub = Path.Combine(dir.FullName, "corte.txt");
            var ppl = Path.Combine(dir.FullName, "personas.txt");
            await File.WriteAllBytesAsync(pub, publicFile);
            await File.WriteAllBytesAsync(ppl, peopleFile);
            var output = new StringWriter();
            Assert.Equal(0, ReportCommand.Run(["verify", pub, ppl], output, new StringWriter()));
            Assert.Contains(march.Sha256, output.ToString());
            await File.WriteAllTextAsync(pub, System.Text.Encoding.UTF8.GetString(publicFile).Replace("total_personas;17", "total_personas;18"));
            var errors = new StringWriter();
            Assert.Equal(1, ReportCommand.Run(["verify", pub, ppl], new StringWriter(), errors));
            Assert.Contains("18", errors.ToString());
        }
        finally { dir.Delete(recursive: true); }

        // A reader combines this publication, the previous one and the live month-end page, and cannot pin C down.
        var live = await App.WithScopeAsync(sp => sp.GetRequiredService<CutoffPublishing>()
            .LiveMonthEndAsync(sp.GetRequiredService<IndicatorDefinitions>().Find(Staff)!, new DateOnly(2025, 3, 31), default));
        Assert.NotNull(live);
        var livePage = await App.CreateClient().GetStringAsync("/indicadores?corte=2025-03-31");
        Assert.Contains("detalle al cierre", livePage);
        var possibleC = Attack(["CT-A", "CT-B", "CT-C"], marchReport.People, [marchReport, live!], febReport, "CT-C");
        Assert.True(possibleC.Count >= 2, $"C quedó determinado: {string.Join(",", possibleC)}");
        Assert.Contains(2, possibleC); // and the truth is among them

        // A late record for March: the live figure moves, the publication does not; publishing again supersedes it.
        await App.WithDbAsync(async db =>
        {
            var p = new Person
            {
                DocumentType = DocumentType.CC, DocumentNumber = "7799999", GivenNames = "Tardía", FamilyNames = "Apellidocorte", Audience = Audience.Staff,
                DependenciaId = (await db.Dependencias.SingleAsync(d => d.Code == "CT-C")).Id, Vinculo = Vinculo.Planta, CreatedUtc = Bog(2024, 1, 1),
            };
            db.Completions.Add(new Completion { Person = p, CourseId = "seguridad-digital", Source = CompletionSource.InPerson, CompletedUtc = Bog(2025, 3, 25), Hours = 4 });
            return await db.SaveChangesAsync();
        });
        Assert.Equal(march.Sha256, (await App.WithDbAsync(db => db.CutoffPublications.AsNoTracking().SingleAsync(p => p.Id == marchId))).Sha256);
        // The dashboard shows the drift, with the person and the reason.
        var dashboard = await admin.GetDocumentAsync($"/admin/indicadores/{Staff}?corte=2025-03-31");
        Assert.Equal("+1 / −0 personas desde la publicación", dashboard.QuerySelector("[data-testid=deriva]")!.TextContent);
        Assert.Contains("Apellidocorte, Tardía", dashboard.QuerySelector("#deriva")!.ParentElement!.TextContent);
        Assert.Contains("registro presencial o importado después de la publicación", dashboard.QuerySelector("#deriva")!.ParentElement!.TextContent);
        using var again = await admin.PostFormAsync($"/admin/indicadores/cortes?indicador={Staff}&corte=2025-03-31", new());
        var againId = int.Parse(again.Headers.Location!.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture);
        var second = await App.WithDbAsync(db => db.CutoffPublications.AsNoTracking().SingleAsync(p => p.Id == againId));
        Assert.Equal(marchId, second.SupersedesId);
        Assert.Equal(18, second.People);
        Assert.Contains($"sustituye_sha256;{march.Sha256}\n", second.PublicFile);
        Assert.Contains($"/indicadores/cortes/{againId}", await App.CreateClient().GetStringAsync(marchUrl)); // "sustituida por"
        Assert.Contains(march.Sha256, await App.CreateClient().GetStringAsync(marchUrl)); // the old one stays readable

        // /indicadores honours ?corte= and shows the latest publication beside the live figure.
        var dated = await App.CreateClient().GetStringAsync("/indicadores?corte=2025-03-31");
        Assert.Contains($"/indicadores/cortes/{againId}", dated);
        Assert.Contains("31 de marzo de 2025", dated);

        // The API lists and reads publications with the same figures.
        using var api = App.CreateClient();
        var list = await api.GetFromJsonAsync<List<Scari.Web.Features.Api.ApiCutoffSummary>>("/api/v1/cortes");
        Assert.Contains(list!, c => c.Id == marchId && c.SupersededBy == againId && c.Sha256 == march.Sha256);
        var one = await api.GetFromJsonAsync<Scari.Web.Features.Api.ApiCutoff>($"/api/v1/cortes/{marchId}");
        Assert.Equal((17, "x", "<5"), (one!.People, one.Dependencias.Single(d => d.Key == "CT-B").People, one.Dependencias.Single(d => d.Key == "CT-C").People));
        Assert.Equal(march.PublicFile, one.PublicFile);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/cortes/999999")).StatusCode);
    }

    /// <summary>
    /// Every value of <paramref name="target"/> consistent with all the reader knows: each shown cell's range (the
    /// reports of the same date intersected), at least the previous publication's value (counts only grow), and the
    /// exact total. Brute force over small counts, independent of <see cref="Disclosure"/>'s own reasoning.
    /// </summary>
    private static List<int> Attack(string[] keys, int total, PublicReport[] sameDate, PublicReport previous, string target)
    {
        (int Low, int High) RangeOf(string shown) => shown switch
        {
            "<5" => (1, 4),
            "x" => (0, total),
            _ => (int.Parse(shown, CultureInfo.InvariantCulture), int.Parse(shown, CultureInfo.InvariantCulture)),
        };
        var ranges = keys.Select(k =>
        {
            var (low, high) = (0, total);
            foreach (var r in sameDate)
            {
                var (l, h) = Cells(r).TryGetValue(k, out var v) ? RangeOf(v) : (0, 0);
                (low, high) = (Math.Max(low, l), Math.Min(high, h));
            }
            if (Cells(previous).TryGetValue(k, out var before) && before is not "x" and not "<5") low = Math.Max(low, int.Parse(before, CultureInfo.InvariantCulture));
            else if (Cells(previous).TryGetValue(k, out before) && before == "<5") low = Math.Max(low, 1);
            return (low, high);
        }).ToArray();
        var found = new HashSet<int>();
        var t = Array.IndexOf(keys, target);
        void Walk(int i, int[] values)
        {
            if (i == keys.Length) { if (values.Sum() == total) found.Add(values[t]); return; }
            for (var v = ranges[i].low; v <= ranges[i].high; v++) { values[i] = v; Walk(i + 1, values); }
        }
        Walk(0, new int[keys.Length]);
        return [.. found.Order()];
    }

    [Fact]
    public async Task A_publication_cannot_be_changed_or_deleted_through_the_app_or_the_database()
    {
        var result = await App.WithScopeAsync(sp => sp.GetRequiredService<CutoffPublishing>()
            .PublishAsync(IndicatorScenario.Students, new DateOnly(2024, 1, 31), null, "prueba", default));
        var id = result.Publication!.Id;
        var sha = result.Publication.Sha256;

        await Assert.ThrowsAsync<InvalidOperationException>(() => App.WithDbAsync(async db =>
        {
            var p = await db.CutoffPublications.SingleAsync(x => x.Id == id);
            p.People = 999;
            return await db.SaveChangesAsync();
        }));
        await Assert.ThrowsAsync<InvalidOperationException>(() => App.WithDbAsync(async db =>
        {
            db.CutoffPublications.Remove(await db.CutoffPublications.SingleAsync(x => x.Id == id));
            return await db.SaveChangesAsync();
        }));
        await Assert.ThrowsAnyAsync<Exception>(() => App.WithDbAsync(db =>
            db.CutoffPublications.Where(x => x.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.People, 999))));
        await Assert.ThrowsAnyAsync<Exception>(() => App.WithDbAsync(db => db.CutoffPublications.Where(x => x.Id == id).ExecuteDeleteAsync()));

        var after = await App.WithDbAsync(db => db.CutoffPublications.AsNoTracking().SingleAsync(x => x.Id == id));
        Assert.Equal((sha, result.Publication.People), (after.Sha256, after.People));
        Assert.Equal(sha, CutoffFiles.Sha256(after.PublicFile));
    }

    [Fact]
    public async Task Publishing_a_date_after_today_or_before_the_period_is_refused_in_Spanish()
    {
        var publishing = (Func<string, DateOnly, Task<CutoffPublishing.PublishResult>>)((ind, d) =>
            App.WithScopeAsync(sp => sp.GetRequiredService<CutoffPublishing>().PublishAsync(ind, d, null, "prueba", default)));
        Assert.Contains("posterior a hoy", (await publishing(Staff, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3))).Error);
        Assert.Contains("anterior al periodo", (await publishing(Staff, new DateOnly(2020, 1, 31))).Error);
        Assert.Contains("no existe", (await publishing("no-existe", new DateOnly(2025, 1, 31))).Error);
    }
}

public sealed class PostgresCutoffTests(PostgresApp app) : CutoffTests(app), IClassFixture<PostgresApp>;

public sealed class SqliteCutoffTests(SqliteApp app) : CutoffTests(app), IClassFixture<SqliteApp>;
