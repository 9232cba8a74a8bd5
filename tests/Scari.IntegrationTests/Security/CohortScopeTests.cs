using System.Net;
using Microsoft.EntityFrameworkCore;
using Scari.Testing;
using Scari.Web.Features.Accounts;

namespace Scari.IntegrationTests.Security;

/// <summary>Finding 4 of the security review: a cohort's member list is cut to the viewer's scope.</summary>
public sealed class CohortScopeTests(PostgresApp fixture) : IClassFixture<PostgresApp>
{
    private ScariAppFactory App => fixture.App;

    [Fact]
    public async Task A_coordinator_sees_only_the_members_of_their_colegio_in_a_cohort_of_their_colegio()
    {
        var mine = await App.CreateColegioAsync("ALCANCE-1", "Colegio Propio");
        var other = await App.CreateColegioAsync("ALCANCE-2", "Colegio Ajeno");
        var cohort = await App.CreateCohortAsync("Cohorte mixta", colegioId: mine);
        await App.CreateCompletionAsync("Camila", "Propia Ríos", "1047397001", colegioId: mine, cohortId: cohort);
        var stranger = await App.CreateCompletionAsync("Tomás", "Ajeno Vega", "1047397002", colegioId: other, cohortId: cohort);
        var coordinator = await App.CreateUserAsync("coordina.alcance@scari.test", Roles.Coordinador);
        await App.LinkAccountAsync(coordinator.Id, coordinatedColegioId: mine);
        var tutor = await App.CreateUserAsync("tutor.alcance@scari.test", Roles.Tutor);
        await App.WithDbAsync(db => db.Cohorts.Where(c => c.Id == cohort).ExecuteUpdateAsync(s => s.SetProperty(c => c.TutorUserId, tutor.Id)));

        using var client = await App.SignedInClientAsync("coordina.alcance@scari.test");
        var html = await client.GetStringAsync($"/admin/cohortes/{cohort}");
        Assert.Contains("Camila Propia Ríos", html);
        Assert.DoesNotContain("Tomás", html);
        Assert.DoesNotContain("1047397002", html);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/personas/{stranger.PersonId}")).StatusCode);
        // The list of cohorts counts only the members the coordinator may see.
        Assert.Equal("1", await MembersCellAsync(client, cohort));

        // The cohort's tutor follows every member of the cohort they lead.
        using var tutorClient = await App.SignedInClientAsync("tutor.alcance@scari.test");
        var tutorHtml = await tutorClient.GetStringAsync($"/admin/cohortes/{cohort}");
        Assert.Contains("Camila Propia Ríos", tutorHtml);
        Assert.Contains("Tomás Ajeno Vega", tutorHtml);

        // An administrator sees both.
        await App.CreateUserAsync("admin.alcance@scari.test", Roles.Administrador);
        using var admin = await App.SignedInClientAsync("admin.alcance@scari.test");
        var adminHtml = await admin.GetStringAsync($"/admin/cohortes/{cohort}");
        Assert.Contains("Tomás Ajeno Vega", adminHtml);
        Assert.Equal("2", await MembersCellAsync(admin, cohort));
    }

    private static async Task<string> MembersCellAsync(HttpClient client, int cohort)
    {
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await client.GetStringAsync("/admin/cohortes"));
        var row = page.QuerySelectorAll("tr").Single(r => r.QuerySelector($"a[href='/admin/cohortes/{cohort}']") is not null);
        return row.QuerySelectorAll("td").Last().TextContent.Trim();
    }
}
