using System.Net;
using Microsoft.EntityFrameworkCore;
using Scari.Testing;
using Scari.Web.Features.Accounts;

namespace Scari.IntegrationTests;

/// <summary>The people queries (seeding SQL, scope, search, code sign-in) are portable: they run on SQLite too.</summary>
public sealed class SqlitePeopleTests(SqliteApp sqlite) : IClassFixture<SqliteApp>
{
    private readonly ScariAppFactory _app = sqlite.App;

    [Fact]
    public async Task Catalogues_are_seeded_and_a_coordinator_searches_and_issues_a_code_on_SQLite()
    {
        Assert.Equal(28, await _app.WithDbAsync(db => db.Colegios.CountAsync()));
        var colegio = await _app.ColegioIdAsync("IE003");
        var student = await _app.CreateStudentAsync(colegio, "1043600600", "Ñusta", "Pérez");
        await _app.CreateStudentAsync(await _app.ColegioIdAsync("IE004"), "1043600601", "Otra", "Pérez");
        await _app.CreateCoordinatorAsync("coord.sqlite@scari.test", colegioId: colegio);
        using var client = await _app.SignedInClientAsync("coord.sqlite@scari.test");

        var list = WebUtility.HtmlDecode(await client.GetStringAsync("/admin/personas?q=pérez"));
        Assert.Contains("Ñusta Pérez", list);
        Assert.DoesNotContain("Otra Pérez", list);

        using var slip = await client.PostFormAsync($"/admin/personas/{student}", [], formAction: $"/admin/personas/{student}?handler=Code");
        Assert.Equal("application/pdf", slip.Content.Headers.ContentType?.MediaType);
        var issued = Assert.Single(await _app.IssueCodesAsync(student));
        using var studentClient = _app.CreateBrowserLikeClient();
        using var signIn = await studentClient.PostFormAsync("/cuenta/ingresar-con-codigo", new() { ["Document"] = "1043600600", ["Code"] = issued.Code });
        Assert.Equal("/cuenta/crear-contrasena", signIn.Headers.Location?.OriginalString);
    }
}
