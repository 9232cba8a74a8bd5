using Microsoft.Playwright;
using Scari.Testing;
using Scari.Web.Content;

namespace Scari.BrowserTests;

/// <summary>The shipped catalogue (content/) on Kestrel: the checks of the product's own courses.</summary>
public sealed class ShippedContentKestrelApp : PostgresApp
{
    protected override ScariAppFactory CreateFactory(string connectionString) =>
        ScariAppFactory.OnPostgres(connectionString, ("Scari:ContentDirectory", RepoPaths.ShippedContent)).WithKestrel();
}

/// <summary>Every shipped course explains with pictures: one lesson with a diagram per course, read on a desktop and on a phone.</summary>
public sealed class CourseDiagramTests(Browser browser, ShippedContentKestrelApp app) : IClassFixture<ShippedContentKestrelApp>
{
    [Fact]
    public async Task Every_course_has_a_lesson_whose_diagram_loads_has_alt_text_and_passes_axe_on_a_desktop_and_a_phone()
    {
        var courses = ContentLoader.Load(RepoPaths.ShippedContent, DateTime.UtcNow).Courses;
        Assert.NotEmpty(courses);
        var page = await browser.NewPageAsync(app.App.ServerAddress);
        foreach (var course in courses)
        {
            var lesson = course.Lessons.FirstOrDefault(l => l.Html.Contains(".svg\"", StringComparison.Ordinal));
            Assert.True(lesson is not null, $"el curso {course.Id} no tiene ninguna lección con un diagrama SVG");

            await page.SetViewportSizeAsync(1280, 900);
            await page.GotoAsync($"/cursos/{course.Id}/{lesson.Id}");
            var diagram = page.Locator("main img[src$='.svg']").First;
            await Assertions.Expect(diagram).ToBeVisibleAsync();
            Assert.False(string.IsNullOrWhiteSpace(await diagram.GetAttributeAsync("alt")), $"{course.Id}/{lesson.Id}: diagrama sin texto alternativo");
            Assert.True(await diagram.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), $"{course.Id}/{lesson.Id}: el diagrama no cargó");
            await page.AssertAccessibleAsync($"diagrama-{course.Id}");

            await page.SetViewportSizeAsync(360, 740);
            await page.GotoAsync($"/cursos/{course.Id}/{lesson.Id}");
            var width = await page.Locator("main img[src$='.svg']").First.EvaluateAsync<double>("img => img.getBoundingClientRect().width");
            Assert.InRange(width, 100, 360);
            await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", $"diagrama-{course.Id}-360.png"), FullPage = true });
        }
    }
}
