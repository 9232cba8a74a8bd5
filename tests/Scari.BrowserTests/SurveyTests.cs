using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Scari.Testing;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.People;

namespace Scari.BrowserTests;

/// <summary>The app on Kestrel serving the two small courses of tests/fixtures/content/surveys.</summary>
public sealed class SurveyKestrelApp : PostgresApp
{
    protected override ScariAppFactory CreateFactory(string connectionString) =>
        ScariAppFactory.OnPostgres(connectionString,
            ("Scari:ContentDirectory", RepoPaths.TestsFolder(Path.Combine("fixtures", "content", "surveys")))).WithKestrel();
}

public sealed class SurveyTests(Browser browser, SurveyKestrelApp app) : IClassFixture<SurveyKestrelApp>
{
    [Fact]
    public async Task A_civil_servant_completes_a_course_and_answers_the_satisfaction_survey_by_label_without_a_name_on_the_answer()
    {
        var personId = await app.App.WithDbAsync(async db =>
        {
            var person = new Person
            {
                DocumentType = DocumentType.CC, DocumentNumber = "1047555123", GivenNames = "Marta", FamilyNames = "Ospino",
                Audience = Audience.Staff, CreatedUtc = DateTime.UtcNow,
            };
            db.People.Add(person);
            await db.SaveChangesAsync();
            return person.Id;
        });
        var account = await app.App.CreateUserAsync("1047555123", Roles.Aprendiz, fullName: "Marta Ospino");
        await app.App.LinkAccountAsync(account.Id, personId: personId);
        var page = await browser.NewPageAsync(app.App.ServerAddress);
        await page.SignInAsync("1047555123");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Salir" })).ToBeVisibleAsync();

        await page.GotoAsync("/cursos/encuesta-propia");
        await page.GetByRole(AriaRole.Button, new() { Name = "Inscribirme" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Continuar" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Marcar como terminada" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Lección terminada.")).ToBeVisibleAsync();
        // The course's last step shows the certificate there and then, with its download and verification links.
        var finished = page.GetByRole(AriaRole.Region, new() { Name = "Terminó el curso" });
        await Assertions.Expect(finished).ToBeVisibleAsync();
        await Assertions.Expect(finished.GetByRole(AriaRole.Link, new() { Name = "Descargar certificado" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex(@"^/certificados/SCARI-[0-9A-Z-]+\.pdf$"));
        await Assertions.Expect(finished.GetByRole(AriaRole.Link, new() { Name = "Verificar certificado" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex(@"^/verificar/SCARI-[0-9A-Z-]+$"));
        await page.AssertAccessibleAsync("leccion-ultima-con-certificado");

        // The course page says it is finished, offers the certificate in Mi aprendizaje and the optional survey.
        await page.GotoAsync("/cursos/encuesta-propia");
        await Assertions.Expect(page.GetByText("Curso terminado")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Encuesta de satisfacción" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Encuesta de satisfacción");
        await page.AssertAccessibleAsync("encuesta-satisfaccion");

        await page.GetByRole(AriaRole.Group, new() { Name = "1. Las lecciones explican el correo institucional con claridad." })
            .GetByLabel("4 · De acuerdo").CheckAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "2. Uso lo aprendido en las tareas de mi dependencia." })
            .GetByLabel("5 · Totalmente de acuerdo").CheckAsync();
        // The third is forgotten: the page says which, in Spanish, and keeps the rest.
        await page.GetByRole(AriaRole.Button, new() { Name = "Enviar respuestas" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Elija una opción para «La duración del curso es adecuada.»");
        await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "2. Uso lo aprendido en las tareas de mi dependencia." })
            .GetByLabel("5 · Totalmente de acuerdo")).ToBeCheckedAsync();
        await page.AssertAccessibleAsync("encuesta-satisfaccion-falta-una");

        await page.GetByRole(AriaRole.Group, new() { Name = "3. La duración del curso es adecuada." })
            .GetByLabel("3 · Ni de acuerdo ni en desacuerdo").CheckAsync();
        await page.GetByLabel("¿Qué tema del correo institucional faltó?").FillAsync("Las firmas y los calendarios compartidos.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enviar respuestas" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("¡Gracias! Su respuesta quedó guardada sin su nombre.");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Descargar certificado" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Encuesta de satisfacción" })).ToHaveCountAsync(0);
        await page.AssertAccessibleAsync("encuesta-gracias-mi-aprendizaje");

        var answer = await app.App.WithDbAsync(db => db.SurveyResponses.SingleAsync(r => r.CourseId == "encuesta-propia"));
        Assert.Equal("claridad=4;utilidad=5;duracion=3", answer.Answers);
        Assert.Equal("Las firmas y los calendarios compartidos.", answer.Comment);
    }
}
