using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Scari.Testing;
using Scari.Web.Content;

namespace Scari.IntegrationTests;

/// <summary>The public course pages over the real catalogue in content/, on PostgreSQL.</summary>
public sealed class CoursePagesTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    private CourseCatalog Catalog => app.App.Services.GetRequiredService<CourseCatalog>();

    private async Task<(HttpStatusCode Status, string Html)> GetAsync(string url)
    {
        using var client = app.App.CreateClient();
        using var response = await client.GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_catalogue_lists_every_course_and_filters_by_audience_and_words()
    {
        var all = FormPosting.Parse((await GetAsync("/cursos")).Html);
        Assert.Equal(9, all.QuerySelectorAll(".course-list h2").Length);

        var students = FormPosting.Parse((await GetAsync("/cursos?publico=estudiantes")).Html);
        var titles = students.QuerySelectorAll(".course-list h2").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(4, titles.Count);
        Assert.Contains("Pensamiento computacional y programación", titles);
        Assert.DoesNotContain("Política de seguridad digital", titles);

        var search = FormPosting.Parse((await GetAsync("/cursos?q=correspondencia")).Html);
        Assert.Equal(["Gestión documental y de correspondencia con SIGOB"], search.QuerySelectorAll(".course-list h2").Select(h => h.TextContent.Trim()));

        var none = await GetAsync("/cursos?q=astronomia+marina");
        Assert.Contains("No hay cursos con esos criterios", none.Html);
    }

    [Fact]
    public async Task A_course_page_shows_its_hours_indicator_audience_and_outline()
    {
        var (status, html) = await GetAsync("/cursos/seguridad-digital");
        Assert.Equal(HttpStatusCode.OK, status);
        var page = FormPosting.Parse(html);

        Assert.Equal("Política de seguridad digital", page.QuerySelector("h1")!.TextContent);
        var facts = page.QuerySelector(".facts")!.TextContent;
        Assert.Contains("Servidores públicos", facts);
        Assert.Contains("Funcionarios formados en TIC y 4RI", facts);
        var hours = page.QuerySelectorAll(".facts dt").Single(dt => dt.TextContent == "Horas del certificado").NextElementSibling!;
        Assert.Equal("8", hours.TextContent.Trim());
        Assert.Equal(3, page.QuerySelectorAll(".course-outline > li").Length);
        Assert.NotNull(page.QuerySelector("a[href='/cursos/seguridad-digital/phishing']"));
        Assert.NotNull(page.QuerySelector("a[href='/cursos/seguridad-digital/amenazas-evaluacion']"));
    }

    [Fact]
    public async Task A_lesson_links_to_the_previous_and_next_item_and_outlines_its_module()
    {
        var page = FormPosting.Parse((await GetAsync("/cursos/seguridad-digital/phishing")).Html);

        Assert.Equal("/cursos/seguridad-digital/que-es-la-seguridad-digital", page.QuerySelector("a[rel=prev]")!.GetAttribute("href"));
        Assert.Equal("/cursos/seguridad-digital/ransomware-y-malware", page.QuerySelector("a[rel=next]")!.GetAttribute("href"));
        Assert.Equal("/cursos/seguridad-digital/phishing", page.QuerySelector(".module-outline a[aria-current=page]")!.GetAttribute("href"));
        Assert.Equal(5, page.QuerySelectorAll(".module-outline li").Length);

        var first = FormPosting.Parse((await GetAsync("/cursos/seguridad-digital/que-es-la-seguridad-digital")).Html);
        Assert.Null(first.QuerySelector("a[rel=prev]"));
    }

    [Fact]
    public async Task A_quiz_page_shows_questions_and_options_but_never_which_are_correct()
    {
        var quiz = Assert.IsType<Quiz>(Catalog.FindItem("seguridad-digital", "amenazas-evaluacion"));
        var (status, html) = await GetAsync("/cursos/seguridad-digital/amenazas-evaluacion");
        Assert.Equal(HttpStatusCode.OK, status);
        var page = FormPosting.Parse(html);

        Assert.Equal(quiz.Questions.Count, page.QuerySelectorAll("fieldset.question").Length);
        var inputs = page.QuerySelectorAll("fieldset.question input");
        Assert.Equal(quiz.Questions.Sum(q => q.Options.Count), inputs.Length);
        Assert.All(inputs, i => Assert.False(i.HasAttribute("checked")));
        Assert.All(inputs, i => Assert.True(i.HasAttribute("disabled")));
        // Nothing in the page tells the options apart except their text and position; no feedback either.
        Assert.All(inputs, i => Assert.Equal(["type", "id", "name", "value", "disabled"], i.Attributes.Select(a => a.Name)));
        Assert.DoesNotContain("La disponibilidad significa", html);
        Assert.Contains("inscríbase en el curso", html);
    }

    [Theory]
    [InlineData("/cursos/no-existe")]
    [InlineData("/cursos/seguridad-digital/no-existe")]
    [InlineData("/cursos/no-existe/phishing")]
    public async Task An_unknown_course_or_lesson_answers_404(string url)
    {
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(url)).Status);
    }

    [Fact]
    public async Task Each_course_is_stored_once_as_its_current_version()
    {
        var versions = await app.App.WithDbAsync(db => Task.FromResult(db.CourseVersions.Where(v => v.IsCurrent).Select(v => new { v.Id, v.CourseId, v.ContentHash }).ToList()));

        Assert.Equal(9, versions.Count);
        foreach (var course in Catalog.Courses)
        {
            var row = Assert.Single(versions, v => v.CourseId == course.Id);
            Assert.Equal((row.Id, row.ContentHash), (course.VersionId, course.ContentHash));
        }
    }
}
