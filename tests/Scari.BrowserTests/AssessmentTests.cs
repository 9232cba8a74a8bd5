using Microsoft.Playwright;
using Scari.Testing;

namespace Scari.BrowserTests;

/// <summary>The app on Kestrel serving a copy of tests/fixtures/assessment (typed answers, pools, media).</summary>
public sealed class AssessmentKestrelApp : PostgresApp, IAsyncDisposable
{
    public FixtureCopy Content { get; } = new(RepoPaths.TestsFolder(Path.Combine("fixtures", "assessment")));

    protected override ScariAppFactory CreateFactory(string connectionString) =>
        ScariAppFactory.OnPostgres(connectionString, ("Scari:ContentDirectory", Content.Root)).WithKestrel();

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        Content.Dispose();
    }
}

public sealed class AssessmentTests(Browser browser, AssessmentKestrelApp app) : IClassFixture<AssessmentKestrelApp>
{
    /// <summary>Its script and its onload each fetch a URL of their own: a request for either means code ran.</summary>
    private const string ScriptedSvg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" onload="fetch('/corrio-onload')">
          <script>fetch('/corrio-script')</script>
          <rect width="100" height="100" fill="#1b2430"/>
        </svg>
        """;

    [Fact]
    public async Task An_svg_opened_directly_from_a_course_runs_no_script()
    {
        // content check refuses such a file; this one is put in media/ after the course loaded, as if it slipped through.
        await File.WriteAllTextAsync(app.Content.File("cursos/redes-y-plazos/media/con-script.svg"), ScriptedSvg);
        var context = await browser.Chromium.NewContextAsync(new() { BaseURL = app.App.ServerAddress.ToString(), BypassCSP = false });
        var page = await context.NewPageAsync();
        var requested = new List<string>();
        page.Request += (_, request) => requested.Add(new Uri(request.Url).AbsolutePath);

        // The control: the same file served without the policy runs both (so the check below can fail).
        await page.RouteAsync("**/sin-politica.svg", route => route.FulfillAsync(new() { Status = 200, ContentType = "image/svg+xml", Body = ScriptedSvg }));
        await page.GotoAsync("/cursos/redes-y-plazos/media/sin-politica.svg");
        for (var waited = 0; waited < 50 && !(requested.Contains("/corrio-script") && requested.Contains("/corrio-onload")); waited++)
            await Task.Delay(100);
        Assert.Contains("/corrio-script", requested);
        Assert.Contains("/corrio-onload", requested);

        requested.Clear();
        var response = await page.GotoAsync("/cursos/redes-y-plazos/media/con-script.svg");
        Assert.Equal(200, response!.Status);
        Assert.Equal("image/svg+xml", (await response.AllHeadersAsync())["content-type"]);
        Assert.Equal("default-src 'none'; style-src 'unsafe-inline'; sandbox", (await response.AllHeadersAsync())["content-security-policy"]);
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "svg-con-script.png") });
        await Task.Delay(500); // time for a script to run, if it could
        Assert.Equal(["/cursos/redes-y-plazos/media/con-script.svg"], requested);
        await context.CloseAsync();
    }
}
