using Scari.Testing;
using Scari.Web.Content;
using Scari.Web.Features.People;

namespace Scari.Tests;

/// <summary>The lesson search on tests/fixtures/search-content (two small courses whose words these tests choose).</summary>
public sealed class LessonSearchTests
{
    private static readonly Lazy<(LessonSearch Search, IReadOnlyList<Course> Courses)> Loaded = new(() =>
    {
        var result = ContentLoader.Load(Path.Combine(RepoPaths.Root, "tests", "fixtures", "search-content"), new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc));
        Assert.Empty(result.Problems);
        return (LessonSearch.Build(result.Courses), result.Courses);
    });

    private static LessonSearch Search => Loaded.Value.Search;

    [Theory]
    [InlineData("contraseña")]
    [InlineData("CONTRASEÑA")]
    [InlineData("contrasena")]
    [InlineData("Contraseñas")]
    public void Case_and_accents_do_not_matter_and_a_plural_finds_the_singular(string query)
    {
        var hits = Search.Find(query);
        Assert.Equal("/cursos/correo-prudente/claves#contrasenas-largas", hits[0].Url);
        Assert.Contains("<mark>contraseña</mark>", hits[0].SnippetHtml, StringComparison.Ordinal);
        Assert.Contains(hits, h => h.Course.Id == "datos-en-clase"); // the word in passing, in another course
    }

    [Fact]
    public void A_prefix_finds_the_whole_word_and_the_section_is_linked_by_its_anchor()
    {
        var hit = Search.Find("phish")[0];
        Assert.Equal("mensajes-enganosos", hit.Lesson!.Id);
        Assert.Equal("Señales de phishing", hit.SectionTitle);
        Assert.Equal($"/cursos/correo-prudente/mensajes-enganosos#{hit.SectionId}", hit.Url);
        Assert.Contains("<mark>PHISHING</mark> suplanta", hit.SnippetHtml, StringComparison.Ordinal); // the text as written
    }

    [Fact]
    public void Gender_and_number_endings_match_seguro_finds_seguras()
    {
        var hit = Assert.Single(Search.Find("seguro"));
        Assert.Contains("<mark>seguras</mark>", hit.SnippetHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void A_section_about_the_word_ranks_above_one_that_mentions_it_in_passing_and_each_lesson_appears_once()
    {
        var hits = Search.Find("phishing");
        Assert.Equal(["mensajes-enganosos", "claves"], hits.Select(h => h.Lesson!.Id));
        Assert.Equal("Segundo factor", hits[1].SectionTitle);
        Assert.True(hits[0].Score > hits[1].Score);
    }

    [Fact]
    public void Every_word_must_match_and_small_words_are_ignored()
    {
        Assert.Empty(Search.Find("phishing tabla"));
        Assert.Equal(["Filas y columnas"], Search.Find("las filas de la tabla").Select(h => h.SectionTitle));
        Assert.Empty(Search.Find("   "));
        Assert.Empty(Search.Find("zzzz"));
    }

    [Fact]
    public void Course_presentations_are_found_too()
    {
        var hit = Assert.Single(Search.Find("gráficas"));
        Assert.Null(hit.Lesson);
        Assert.Equal("/cursos/datos-en-clase", hit.Url);
    }

    [Fact]
    public void The_snippet_is_encoded_text_only_the_marks_are_markup()
    {
        var hit = Assert.Single(Search.Find("adjunto"));
        Assert.Contains("&lt;b&gt;", hit.SnippetHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", hit.SnippetHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<code>", hit.SnippetHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void The_audience_filter_keeps_only_the_courses_it_accepts()
    {
        var hits = Search.Find("contraseña", include: c => c.Audience is null or Audience.Student);
        Assert.Equal(["datos-en-clase"], hits.Select(h => h.Course.Id));
    }
}
