using System.Net;
using Microsoft.EntityFrameworkCore;
using Scari.Testing;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Indicators;
using Scari.Web.Features.Learning;
using static Scari.IntegrationTests.Indicators.IndicatorWorldExtensions;

namespace Scari.IntegrationTests.Indicators;

/// <summary>
/// Loading past completions (issue 17, item 6) through /admin/importar/historial with the fixture files under
/// tests/fixtures/history: row errors in Spanish and nothing written, then preview, confirm, provenance, counting on the
/// original date, the origin on the person's page, and a second import of the same file that changes nothing.
/// On PostgreSQL and on SQLite.
/// </summary>
public abstract class HistoryImportTests(IIndicatorWorld world)
{
    private ScariAppFactory App => world.App;
    private const string Staff = IndicatorScenario.Staff;
    private const string Url = "/admin/importar/historial";

    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(RepoPaths.Root, "tests", "fixtures", "history", name));

    private static async Task<(HttpResponseMessage Response, AngleSharp.Html.Dom.IHtmlDocument Page)> UploadAsync(HttpClient client, byte[] file, string name)
    {
        var page = await client.GetDocumentAsync(Url);
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(file), "Archivo", name },
        };
        var response = await client.PostAsync($"{Url}?handler=Revisar", form);
        return (response, FormPosting.Parse(await response.Content.ReadAsStringAsync()));
    }

    private static async Task<HttpResponseMessage> ConfirmAsync(HttpClient client, AngleSharp.Html.Dom.IHtmlDocument preview)
    {
        var token = preview.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var lote = preview.QuerySelector("input[name=Lote]")!.GetAttribute("value")!;
        return await client.PostAsync($"{Url}?handler=Confirmar", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Lote"] = lote,
        }));
    }

    private Task<int> CountAsync(string date) =>
        world.CounterAsync((c, d) => c.CountAsync(d.Find(Staff)!, Date(date), IndicatorScope.All, default));

    [Fact]
    public async Task Past_completions_load_with_their_provenance_count_on_their_own_date_and_a_second_import_of_the_file_changes_nothing()
    {
        await App.CreateUserAsync("historial.admin@scari.test", Roles.Administrador);
        using var admin = await App.SignedInClientAsync("historial.admin@scari.test");
        var karl = world.World.People["Karl"];
        var luz = world.World.People["Luz"];
        var before = await App.WithDbAsync(db => db.Completions.CountAsync());
        Assert.Equal(0, await CountAsync("2024-06-30"));
        Assert.Equal(5, await CountAsync("2025-07-19"));

        // A file with errors: every row named with its column, in Spanish, and nothing written.
        var (_, errors) = await UploadAsync(admin, Fixture("historial-con-errores.csv"), "historial-con-errores.csv");
        var problems = errors.QuerySelectorAll("table tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(problems, p => p.Contains('2') && p.Contains("numero_documento") && p.Contains("No hay ninguna persona registrada con el documento 99999999"));
        Assert.Contains(problems, p => p.Contains('3') && p.Contains("curso") && p.Contains("no está en el catálogo"));
        Assert.Contains(problems, p => p.Contains('4') && p.Contains("fecha") && p.Contains("no es válida"));
        Assert.Contains(problems, p => p.Contains('5') && p.Contains("origen") && p.Contains("no se reconoce"));
        Assert.Null(errors.QuerySelector("input[name=Lote]"));
        Assert.Equal(before, await App.WithDbAsync(db => db.Completions.CountAsync()));

        // The good file: preview (two new, one already recorded by attendance), then confirm.
        var file = Fixture("historial.csv");
        var (_, preview) = await UploadAsync(admin, file, "historial.csv");
        Assert.Equal("2", preview.QuerySelector("[data-testid=nuevos]")!.TextContent);
        Assert.Contains("Ya registrado: no cambia", preview.Body!.TextContent);
        Assert.Equal(before, await App.WithDbAsync(db => db.Completions.CountAsync())); // previewing writes nothing
        using (var confirmed = await ConfirmAsync(admin, preview))
            Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);

        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file));
        var batch = await App.WithDbAsync(db => db.Set<CompletionImport>().AsNoTracking().SingleAsync(b => b.Imported));
        Assert.Equal((sha, "historial.csv", "historial.admin@scari.test", 3, 2, 1), (batch.FileSha256, batch.FileName, batch.UserName, batch.Rows, batch.Created, batch.Unchanged));
        Assert.Null(batch.Content);
        var imported = await App.WithDbAsync(db => db.Completions.AsNoTracking().Where(c => c.ImportId == batch.Id).OrderBy(c => c.PersonId).ToListAsync());
        Assert.Equal(2, imported.Count);
        var karls = imported.Single(c => c.PersonId == karl);
        Assert.Equal(("seguridad-digital", CompletionSource.Online, 20, "OTRA-2024-0001", "Plataforma anterior"), (karls.CourseId, karls.Source, karls.Hours, karls.ExternalCertificate, karls.Note));
        Assert.Equal(new DateOnly(2024, 6, 15), DateOnly.FromDateTime(Scari.Web.Bogota.ToLocal(karls.CompletedUtc)));
        var luzs = imported.Single(c => c.PersonId == luz);
        Assert.Equal(("actividad-taller-de-ciberseguridad", CompletionSource.External), (luzs.CourseId, luzs.Source));
        Assert.False(await App.WithDbAsync(db => db.Certificates.AnyAsync(c => imported.Select(i => i.Id).Contains(c.CompletionId)))); // no certificate unless asked
        Assert.True(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "import.history" && e.Summary!.Contains(sha))));
        Assert.Contains(sha, await admin.GetStringAsync(Url)); // the history of imports

        // Counted on their own dates: Karl's 2024 course, Luz's external workshop of the activity marked for the indicator.
        Assert.Equal(1, await CountAsync("2024-06-30"));
        Assert.Equal(7, await CountAsync("2025-07-19"));

        // The origin shows where completions are listed.
        var person = await admin.GetDocumentAsync($"/admin/personas/{karl}");
        var row = person.QuerySelectorAll("#formacion + table tbody tr, table[aria-labelledby=formacion] tbody tr").First(r => r.TextContent.Contains("15 de junio de 2024"));
        Assert.Contains("Importado", row.TextContent);
        Assert.Contains("historial.csv", row.TextContent);
        Assert.Contains("OTRA-2024-0001", row.TextContent);

        // The same file again: nothing new.
        var (_, again) = await UploadAsync(admin, file, "historial.csv");
        Assert.Equal("0", again.QuerySelector("[data-testid=nuevos]")!.TextContent);
        using (var second = await ConfirmAsync(admin, again))
            Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(before + 2, await App.WithDbAsync(db => db.Completions.CountAsync()));
        Assert.Equal(7, await CountAsync("2025-07-19"));
    }
}

public sealed class PostgresHistoryImportTests(PostgresIndicatorWorld world) : HistoryImportTests(world), IClassFixture<PostgresIndicatorWorld>;

public sealed class SqliteHistoryImportTests(SqliteIndicatorWorld world) : HistoryImportTests(world), IClassFixture<SqliteIndicatorWorld>;
