using Microsoft.Playwright;
using Scari.Testing;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.People;

namespace Scari.BrowserTests;

/// <summary>The app on Kestrel serving a copy of tests/fixtures/assessment (typed answers, pools, media).</summary>
public sealed class AssessmentKestrelApp : PostgresApp, IAsyncDisposable
{
    public FixtureCopy Content { get; } = new(RepoPaths.TestsFolder(Path.Combine("fixtures", "assessment")));

    protected override ScariAppFactory CreateFactory(string connectionString) =>
        ScariAppFactory.OnPostgres(connectionString, ("Scari:ContentDirectory", Content.Root), ("Scari:QuizRandomSeed", "4207")).WithKestrel();

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
    public async Task A_learner_takes_an_evaluation_twice_sees_another_order_and_answers_a_number_with_a_decimal_comma()
    {
        var personId = await app.App.WithDbAsync(async db =>
        {
            var person = new Person
            {
                DocumentType = DocumentType.CC, DocumentNumber = "1098765432", GivenNames = "Lucía", FamilyNames = "Rendón",
                Audience = Audience.Staff, CreatedUtc = DateTime.UtcNow,
            };
            db.People.Add(person);
            await db.SaveChangesAsync();
            return person.Id;
        });
        var account = await app.App.CreateUserAsync("1098765432", Roles.Aprendiz, fullName: "Lucía Rendón");
        await app.App.LinkAccountAsync(account.Id, personId: personId);
        var page = await browser.NewPageAsync(app.App.ServerAddress);
        await page.SignInAsync("1098765432");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Salir" })).ToBeVisibleAsync();
        await page.GotoAsync("/cursos/redes-y-plazos");
        await page.GetByRole(AriaRole.Button, new() { Name = "Inscribirme" }).ClickAsync();

        async Task<string> TakeAsync(int attempt)
        {
            await page.GotoAsync("/cursos/redes-y-plazos/cierre-evaluacion");
            await Assertions.Expect(page.Locator(".quiz-policy")).ToContainTextAsync("Las opciones y el orden de las preguntas cambian de orden en cada intento.");
            await page.AssertAccessibleAsync($"evaluacion-antes-de-comenzar-{attempt}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Comenzar evaluación" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Enviar respuestas" })).ToBeVisibleAsync();
            var order = string.Join(" / ", await page.Locator(".quiz-questions legend, .quiz-questions .option label").AllTextContentsAsync());
            await page.ReloadAsync(); // the same attempt, in the same order
            Assert.Equal(order, string.Join(" / ", await page.Locator(".quiz-questions legend, .quiz-questions .option label").AllTextContentsAsync()));
            await page.AssertAccessibleAsync($"evaluacion-intento-{attempt}");
            await page.GetByLabel("Su respuesta").FillAsync("2,5");
            await page.GetByLabel("/26", new() { Exact = true }).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Enviar respuestas" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Aprobó la evaluación" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("Puntaje: 100 %")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("Usted escribió: 2,5")).ToBeVisibleAsync();
            await page.AssertAccessibleAsync($"evaluacion-resultado-{attempt}");
            return order;
        }

        var first = await TakeAsync(1);
        var second = await TakeAsync(2);
        Assert.NotEqual(first, second);

        await page.GotoAsync("/cursos/redes-y-plazos");
        await Assertions.Expect(page.Locator(".attempt-history tbody tr")).ToHaveCountAsync(2);
    }

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
