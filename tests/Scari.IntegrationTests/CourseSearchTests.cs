using System.Net;
using Scari.Testing;

namespace Scari.IntegrationTests;

/// <summary>The app serving tests/fixtures/search-content, whose words the search tests choose.</summary>
public sealed class SearchContentApp : PostgresApp
{
    protected override ScariAppFactory CreateFactory(string connectionString) =>
        ScariAppFactory.OnPostgres(connectionString, ("Scari:ContentDirectory", RepoPaths.TestsFolder(Path.Combine("fixtures", "search-content"))));
}

/// <summary>/cursos?q= finds lessons by what they say, not only courses by title (the index itself: Scari.Tests).</summary>
public sealed class CourseSearchTests(SearchContentApp app) : IClassFixture<SearchContentApp>
{
    [Fact]
    public async Task The_catalogue_search_lists_the_lesson_sections_that_mention_a_word_with_a_marked_snippet_and_a_link_to_the_section()
    {
        using var client = app.App.CreateClient();
        var page = await client.GetDocumentAsync("/cursos?q=Phishing");

        // No course has the word in its title or summary; two lessons say it, the one about it first.
        Assert.Empty(page.QuerySelectorAll(".course-list h2"));
        Assert.Contains("0 de 2 cursos coinciden. 2 lecciones mencionan «Phishing».", page.QuerySelector("[role=status]")!.TextContent.Replace("\n", " ").Replace("  ", " "));
        var hits = page.QuerySelectorAll(".search-hits > li");
        Assert.Equal(["Mensajes engañosos: Señales de phishing", "Claves de acceso: Segundo factor"], hits.Select(h => h.QuerySelector("h3")!.TextContent.Trim()));
        var link = hits[0].QuerySelector("h3 a")!.GetAttribute("href")!;
        Assert.StartsWith("/cursos/correo-prudente/mensajes-enganosos#", link);
        Assert.Equal("PHISHING", hits[0].QuerySelector(".snippet mark")!.TextContent);

        // The link's anchor is the section's heading on the lesson page.
        using var lesson = await client.GetAsync(link.Split('#')[0]);
        Assert.Equal(HttpStatusCode.OK, lesson.StatusCode);
        Assert.Contains($"id=\"{link.Split('#')[1]}\"", await lesson.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_audience_filter_applies_to_lessons_and_a_search_without_results_says_what_to_try()
    {
        using var client = app.App.CreateClient();
        var students = await client.GetDocumentAsync("/cursos?q=contrasena&publico=estudiantes");
        Assert.Equal(["Leer una tabla: Filas y columnas"], students.QuerySelectorAll(".search-hits h3").Select(h => h.TextContent.Trim()));

        var none = await client.GetStringAsync("/cursos?q=astronomia+marina");
        Assert.Contains("Ninguna lección menciona «astronomia marina»", WebUtility.HtmlDecode(none));
    }
}
