using System.Net;
using Scari.Testing;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Enrollment;
using Scari.Web.Features.People;
using Scari.Web.Features.Shared;

namespace Scari.IntegrationTests.Learning;

/// <summary>Staff lists page through every row (50 a page), and refusals after a redirect show as an alert, not as a success notice.</summary>
public sealed class PagingAndRefusalTests(JourneyApp fixture) : IClassFixture<JourneyApp>
{
    private ScariAppFactory App => fixture.App;

    /// <summary>Enrolls <paramref name="count"/> new people in the course, all at the same instant (the order must still be stable).</summary>
    private async Task<List<int>> EnrollManyAsync(string courseId, int courseVersionId, int count, int? cohortId = null)
    {
        var people = new List<int>();
        for (var i = 0; i < count; i++) people.Add(await App.PersonAsync(Audience.Staff));
        var at = new DateTime(2026, 3, 1, 15, 0, 0, DateTimeKind.Utc);
        await App.WithDbAsync(async db =>
        {
            db.Enrollments.AddRange(people.Select(p => new Enrollment
            {
                PersonId = p, CourseId = courseId, CourseVersionId = courseVersionId, CohortId = cohortId,
                Source = EnrollmentSource.Staff, EnrolledUtc = at,
            }));
            return await db.SaveChangesAsync();
        });
        return people;
    }

    private static List<string> RowIds(AngleSharp.Html.Dom.IHtmlDocument page) =>
        [.. page.QuerySelectorAll("table tbody tr").Select(r => r.TextContent.Trim())];

    [Fact]
    public async Task The_enrollments_list_pages_fifty_at_a_time_and_the_second_page_shows_the_rest_with_the_totals()
    {
        var course = await App.CourseAsync(JourneyData.Unique("paginado"), Audience.Staff);
        await EnrollManyAsync(course.CourseId, course.Id, 57);
        using var client = await App.SignedInClientAsync(await App.StaffAsync(Roles.Administrador));

        var first = await client.GetDocumentAsync($"/admin/inscripciones?curso={course.CourseId}");
        var second = await client.GetDocumentAsync($"/admin/inscripciones?curso={course.CourseId}&pagina=2");

        Assert.Equal(50, RowIds(first).Count);
        Assert.Equal(7, RowIds(second).Count);
        Assert.Empty(RowIds(first).Intersect(RowIds(second)));
        Assert.Contains("Página 1 de 2 · 57 en total", first.QuerySelector("nav.pager")!.TextContent);
        Assert.Contains("Página 2 de 2 · 57 en total", second.QuerySelector("nav.pager")!.TextContent);
        Assert.Contains("pagina=2", first.QuerySelector("nav.pager a[rel=next]")!.GetAttribute("href"));
        Assert.Contains($"curso={course.CourseId}", first.QuerySelector("nav.pager a[rel=next]")!.GetAttribute("href"));
        Assert.Null(second.QuerySelector("nav.pager a[rel=next]"));
        Assert.NotNull(second.QuerySelector("nav.pager a[rel=prev]"));
        // A page past the end shows the last page, not an empty list.
        Assert.Equal(RowIds(second), RowIds(await client.GetDocumentAsync($"/admin/inscripciones?curso={course.CourseId}&pagina=9")));
    }

    [Fact]
    public async Task A_cohort_shows_every_member_across_pages_and_the_picker_pages_too()
    {
        var course = await App.CourseAsync(JourneyData.Unique("cohorte-paginada"), Audience.Staff);
        var cohort = await App.CreateCohortAsync(JourneyData.Unique("Cohorte grande"), course.CourseId);
        var members = await EnrollManyAsync(course.CourseId, course.Id, 53, cohort);
        // More than a page of people who could still join, whatever other tests left in the shared database.
        for (var i = 0; i < Paging.PageSize + 1; i++) await App.PersonAsync(Audience.Staff);
        using var client = await App.SignedInClientAsync(await App.StaffAsync(Roles.Administrador));

        var first = await client.GetDocumentAsync($"/admin/cohortes/{cohort}");
        var second = await client.GetDocumentAsync($"/admin/cohortes/{cohort}?pagina=2");

        Assert.Equal(50, RowIds(first).Count);
        Assert.Equal(3, RowIds(second).Count);
        Assert.Contains("Página 2 de 2 · 53 en total", second.QuerySelector("nav[aria-label='Páginas de integrantes']")!.TextContent);
        var shown = RowIds(first).Concat(RowIds(second)).ToList();
        Assert.Equal(53, shown.Distinct().Count());

        // The picker of people to add is paged as well (everyone visible to an administrator who is not yet a member).
        var picker = first.QuerySelector("nav[aria-label='Páginas de personas para agregar']");
        Assert.NotNull(picker);
        Assert.Matches(@"Página 1 de \d+ · \d+ en total", picker!.TextContent);
        Assert.Equal(50, first.QuerySelectorAll("input[name=personIds]").Length);
        Assert.DoesNotContain(first.QuerySelectorAll("input[name=personIds]"), i => members.Contains(int.Parse(i.GetAttribute("value")!)));
    }

    /// <summary>Posts "Inscribirme" as a stale or hand-made form would: the course page hides the button when the learner cannot enroll.</summary>
    private static async Task<HttpResponseMessage> EnrollAsync(HttpClient client, string course)
    {
        var token = (await client.GetDocumentAsync($"/cursos/{course}")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return await client.PostAsync($"/cursos/{course}/inscribirme", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
    }

    [Fact]
    public async Task A_refused_self_enrollment_is_shown_as_an_alert_and_not_as_a_success_notice()
    {
        var (user, _) = await App.LearnerAsync(Audience.Student);
        using var client = await App.SignedInClientAsync(user);

        var refused = await EnrollAsync(client, "primeros-pasos");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var page = await client.GetDocumentAsync(refused.Headers.Location!.OriginalString);

        var alert = page.QuerySelector("main > p[role=alert]");
        Assert.NotNull(alert);
        Assert.Contains("es para servidores públicos", alert!.TextContent);
        Assert.DoesNotContain(page.QuerySelectorAll("[role=status]"), s => s.TextContent.Contains("es para servidores públicos"));
    }

    [Fact]
    public async Task A_self_enrollment_without_prerequisites_is_an_alert_and_a_successful_one_is_a_status()
    {
        var (user, _) = await App.LearnerAsync(Audience.Staff);
        using var client = await App.SignedInClientAsync(user);

        var refused = await EnrollAsync(client, "siguientes-pasos");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var refusedPage = await client.GetDocumentAsync(refused.Headers.Location!.OriginalString);
        Assert.NotNull(refusedPage.QuerySelector("main > p[role=alert]"));
        Assert.Null(refusedPage.QuerySelector("main > p[role=status]"));

        var enrolled = await EnrollAsync(client, "primeros-pasos");
        var enrolledPage = await client.GetDocumentAsync(enrolled.Headers.Location!.OriginalString);
        Assert.Contains("Quedó inscrito", enrolledPage.QuerySelector("main > p[role=status]")!.TextContent);
        Assert.Null(enrolledPage.QuerySelector("main > p[role=alert]"));
    }
}
