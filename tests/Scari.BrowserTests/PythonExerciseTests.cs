using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Scari.Testing;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.People;

namespace Scari.BrowserTests;

/// <summary>The app on Kestrel serving tests/fixtures/content/python, with Pyodide restored by scripts/test.sh.</summary>
public sealed class PythonKestrelApp : PostgresApp
{
    protected override ScariAppFactory CreateFactory(string connectionString) =>
        ScariAppFactory.OnPostgres(connectionString,
            ("Scari:ContentDirectory", RepoPaths.TestsFolder(Path.Combine("fixtures", "content", "python")))).WithKestrel();
}

/// <summary>Item 8 of issue 19 in chromium: Python runs in the lesson (Pyodide in a worker) and an exercise is checked.</summary>
public sealed class PythonExerciseTests(Browser browser, PythonKestrelApp app) : IClassFixture<PythonKestrelApp>
{
    [Fact]
    public async Task A_learner_runs_the_example_solves_the_exercise_after_a_wrong_try_and_a_loop_that_never_ends_is_stopped()
    {
        var personId = await app.App.WithDbAsync(async db =>
        {
            var person = new Person
            {
                DocumentType = DocumentType.CC, DocumentNumber = "1047001122", GivenNames = "Andrés", FamilyNames = "Julio",
                Audience = Audience.Staff, CreatedUtc = DateTime.UtcNow,
            };
            db.People.Add(person);
            await db.SaveChangesAsync();
            return person.Id;
        });
        var account = await app.App.CreateUserAsync("1047001122", Roles.Aprendiz, fullName: "Andrés Julio");
        await app.App.LinkAccountAsync(account.Id, personId: personId);
        var page = await browser.NewPageAsync(app.App.ServerAddress);
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        await page.SignInAsync("1047001122");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Salir" })).ToBeVisibleAsync();
        await page.GotoAsync("/cursos/python-en-clase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Inscribirme" }).ClickAsync();
        await page.GotoAsync("/cursos/python-en-clase/imprimir");

        // The example: the first run loads Pyodide (from the app itself) in a worker.
        var example = page.Locator(".python-run").Nth(0);
        await example.GetByRole(AriaRole.Button, new() { Name = "Ejecutar" }).ClickAsync();
        await Assertions.Expect(example.Locator(".python-output")).ToHaveTextAsync("Hola desde Python\n", new() { Timeout = 90_000 });
        await Assertions.Expect(example.Locator(".python-status")).ToHaveTextAsync("Terminó.");

        // The exercise: as written it prints the wrong thing; SCARI says so, then accepts the fixed program.
        var exercise = page.Locator(".python-run").Nth(1);
        var editor = exercise.GetByLabel("Ejercicio en Python: escriba o cambie el código y pulse «Ejecutar»");
        await exercise.GetByRole(AriaRole.Button, new() { Name = "Ejecutar" }).ClickAsync();
        await Assertions.Expect(exercise.Locator(".python-verdict")).ToContainTextAsync("Aún no coincide", new() { Timeout = 30_000 });
        await editor.FillAsync("print(\"La suma es\", 2 + 3)");
        await exercise.GetByRole(AriaRole.Button, new() { Name = "Ejecutar" }).ClickAsync();
        await Assertions.Expect(exercise.Locator(".python-output")).ToHaveTextAsync("La suma es 5\n", new() { Timeout = 30_000 });
        await Assertions.Expect(exercise.Locator(".python-verdict")).ToContainTextAsync("Correcto. Su programa imprime lo que pide el ejercicio. Quedó en su práctica.");
        await page.AssertAccessibleAsync("python-ejercicio-correcto");

        // An error shows Python's message; a loop that never ends is stopped at the time limit, and Python loads again.
        await editor.FillAsync("print(1 / 0)");
        await exercise.GetByRole(AriaRole.Button, new() { Name = "Ejecutar" }).ClickAsync();
        await Assertions.Expect(exercise.Locator(".python-output")).ToContainTextAsync("ZeroDivisionError: division by zero", new() { Timeout = 30_000 });
        await editor.FillAsync("while True:\n    pass");
        await exercise.GetByRole(AriaRole.Button, new() { Name = "Ejecutar" }).ClickAsync();
        await Assertions.Expect(exercise.Locator(".python-status")).ToContainTextAsync("Se detuvo: pasó el límite de 10 segundos", new() { Timeout = 60_000 });
        await editor.FillAsync("print(\"La suma es\", 5)");
        await exercise.GetByRole(AriaRole.Button, new() { Name = "Ejecutar" }).ClickAsync();
        await Assertions.Expect(exercise.Locator(".python-verdict")).ToContainTextAsync("Correcto", new() { Timeout = 90_000 });
        await page.SaveScreenshotAsync("python-ejercicio-despues-del-limite");

        // A program that asks with input() reads the lines written in «Datos de entrada».
        var asks = page.Locator(".python-run").Nth(2);
        await asks.GetByLabel("Datos de entrada: lo que escribiría en cada input(), una línea por dato").FillAsync("Ana");
        await asks.GetByRole(AriaRole.Button, new() { Name = "Ejecutar" }).ClickAsync();
        await Assertions.Expect(asks.Locator(".python-output")).ToHaveTextAsync("¿Cómo te llamas? Mucho gusto, Ana\n", new() { Timeout = 30_000 });

        var attempts = await app.App.WithDbAsync(db => db.ExerciseAttempts.Where(a => db.Enrollments.Any(e => e.Id == a.EnrollmentId && e.PersonId == personId))
            .OrderBy(a => a.Id).Select(a => a.Correct).ToListAsync());
        Assert.Equal([false, true, true], attempts);
        Assert.DoesNotContain(errors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }
}
