using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Scari.Testing;
using UglyToad.PdfPig;

namespace Scari.BrowserTests;

public sealed class StudentSignInTests(Browser browser, KestrelApp app) : IClassFixture<KestrelApp>
{
    [Fact]
    public async Task A_coordinator_creates_a_student_prints_the_slip_and_the_student_signs_in_with_it()
    {
        var colegio = await app.App.ColegioIdAsync("IE001");
        await app.App.CreateCoordinatorAsync("coordinadora@scari.test", colegioId: colegio);
        var page = await browser.NewPageAsync(app.App.ServerAddress);

        await page.SignInAsync("coordinadora@scari.test");
        await page.GotoAsync("/admin/personas");
        await page.AssertAccessibleAsync("personas");

        await page.GetByRole(AriaRole.Link, new() { Name = "Nuevo estudiante" }).ClickAsync();
        await page.GetByLabel("Tipo de documento").SelectOptionAsync("TI");
        await page.GetByLabel("Número de documento").FillAsync("1043 987 654");
        await page.GetByLabel("Nombres").FillAsync("Valentina");
        await page.GetByLabel("Apellidos").FillAsync("Muñoz Álvarez");
        await page.GetByLabel("Grado").SelectOptionAsync("10");
        await page.GetByLabel("Fecha de nacimiento").FillAsync(DateTime.Today.AddYears(-15).ToString("yyyy-MM-dd"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Crear estudiante" }).ClickAsync();
        // A minor: refused until the guardian's consent is recorded.
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Es menor de 18 años");
        await page.AssertAccessibleAsync("nuevo-estudiante-errores");
        await page.GetByLabel("Nombre de quien autoriza").FillAsync("Carmen Álvarez");
        await page.GetByLabel("Parentesco").SelectOptionAsync("Madre");
        await page.GetByLabel("Documento de quien autoriza").FillAsync("45123456");
        await page.GetByLabel("Cómo se dio la autorización").SelectOptionAsync("Formulario firmado");
        await page.GetByRole(AriaRole.Button, new() { Name = "Crear estudiante" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Valentina Muñoz Álvarez");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Estudiante creado.");
        await page.AssertAccessibleAsync("persona-detalle");
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "Generar código de ingreso e imprimir" }).ClickAsync());
        var pdfPath = Path.Combine(AppContext.BaseDirectory, "screenshots", "papel-de-ingreso.pdf");
        await download.SaveAsAsync(pdfPath);
        string text;
        using (var pdf = PdfDocument.Open(pdfPath)) text = string.Join(" ", pdf.GetPage(1).GetWords().Select(w => w.Text));
        Assert.Contains("Valentina Muñoz Álvarez", text);
        Assert.Contains("TI 1043987654", text);
        var code = Regex.Match(text, @"\b[A-Z2-9]{4}-[A-Z2-9]{4}\b").Value;
        Assert.NotEmpty(code);

        // The student, on another computer.
        var student = await browser.NewPageAsync(app.App.ServerAddress);
        await student.GotoAsync("/cuenta/ingresar");
        await student.GetByRole(AriaRole.Link, new() { Name = "Ingrese con su código" }).ClickAsync();
        await student.AssertAccessibleAsync("ingresar-con-codigo");
        await student.GetByLabel("Número de documento").FillAsync("1043987654");
        await student.GetByLabel("Código").FillAsync(code.ToLowerInvariant());
        await student.GetByRole(AriaRole.Button, new() { Name = "Ingresar" }).ClickAsync();

        await Assertions.Expect(student).ToHaveURLAsync(new Regex("/cuenta/crear-contrasena$"));
        await Assertions.Expect(student.GetByRole(AriaRole.Status)).ToContainTextAsync("Ingresó con su código");
        await student.AssertAccessibleAsync("crear-contrasena");
        await student.GetByLabel("Contraseña nueva").FillAsync("valentina-cometa-2026");
        await student.GetByLabel("Repita la contraseña").FillAsync("valentina-cometa-2026");
        await student.GetByRole(AriaRole.Button, new() { Name = "Guardar contraseña" }).ClickAsync();
        await Assertions.Expect(student).ToHaveURLAsync(new Regex("/mi-aprendizaje$"));

        // Next time: document number and password.
        await student.GetByRole(AriaRole.Button, new() { Name = "Salir" }).ClickAsync();
        await student.SignInAsync("1043987654", "valentina-cometa-2026");
        await Assertions.Expect(student.Locator(".who")).ToHaveTextAsync("Valentina Muñoz Álvarez");
    }

    [Fact]
    public async Task A_coordinator_builds_a_cohort_and_prints_one_sign_in_slip_per_student()
    {
        var colegio = await app.App.ColegioIdAsync("IE003");
        await app.App.CreateCoordinatorAsync("coordinador.torices@scari.test", colegioId: colegio);
        await app.App.CreateStudentAsync(colegio, "1043555111", "Andrés", "Ortiz Peña");
        await app.App.CreateStudentAsync(colegio, "1043555222", "Lucía", "Barrios Núñez");
        var page = await browser.NewPageAsync(app.App.ServerAddress);

        await page.SignInAsync("coordinador.torices@scari.test");
        await page.GotoAsync("/admin/cohortes/nueva");
        await page.GetByLabel("Nombre").FillAsync("Torices 10A 2026");
        await page.GetByLabel("Curso").SelectOptionAsync("ciudadania-digital");
        await page.GetByLabel("Fecha de inicio").FillAsync("2026-02-02");
        await page.GetByLabel("Fecha de fin").FillAsync("2026-11-27");
        await page.GetByRole(AriaRole.Button, new() { Name = "Crear cohorte" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Torices 10A 2026");
        await page.GetByLabel("Andrés Ortiz Peña").CheckAsync();
        await page.GetByLabel("Lucía Barrios Núñez").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Agregar a la cohorte" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Se agregaron 2 personas a la cohorte.");
        await page.AssertAccessibleAsync("cohorte-hojas-de-ingreso");

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "Imprimir hojas de ingreso" }).ClickAsync());
        var pdfPath = Path.Combine(AppContext.BaseDirectory, "screenshots", "hojas-de-ingreso-cohorte.pdf");
        await download.SaveAsAsync(pdfPath);
        string text;
        using (var pdf = PdfDocument.Open(pdfPath)) text = string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        Assert.Contains("Andrés Ortiz Peña", text);
        Assert.Contains("Lucía Barrios Núñez", text);
        Assert.Equal(2, Regex.Matches(text, @"\b[A-Z2-9]{4}-[A-Z2-9]{4}\b").Count);
    }

    [Fact]
    public async Task A_civil_servant_registers_after_reading_the_privacy_notice()
    {
        var page = await browser.NewPageAsync(app.App.ServerAddress);
        await page.GotoAsync("/cuenta/registro");
        await page.AssertAccessibleAsync("registro");
        await page.GotoAsync("/privacidad");
        await page.AssertAccessibleAsync("privacidad");
        await page.GotoAsync("/cuenta/registro");
        await page.GetByLabel("Tipo de documento").SelectOptionAsync("CC");
        await page.GetByLabel("Número de documento").FillAsync("1.047.555.444");
        await page.GetByLabel("Nombres").FillAsync("Óscar");
        await page.GetByLabel("Apellidos").FillAsync("Pérez Díaz");
        await page.GetByLabel("Correo electrónico").FillAsync("oscar.perez@cartagena.gov.co");
        await page.GetByLabel("Dependencia").SelectOptionAsync(new SelectOptionValue { Label = "Oficina Asesora de Informática" });
        await page.GetByLabel("Planta").CheckAsync();
        await page.GetByLabel("Cargo u objeto del contrato").FillAsync("Profesional universitario");
        await page.GetByLabel("Contraseña", new() { Exact = true }).FillAsync("cometa-nube-trompo-2026");
        await page.GetByLabel("Repita la contraseña").FillAsync("cometa-nube-trompo-2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Crear mi cuenta" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("debe leer y aceptar el aviso de privacidad");
        await page.AssertAccessibleAsync("registro-errores");

        await page.GetByLabel("Contraseña", new() { Exact = true }).FillAsync("cometa-nube-trompo-2026");
        await page.GetByLabel("Repita la contraseña").FillAsync("cometa-nube-trompo-2026");
        await page.GetByLabel("He leído y acepto el aviso de privacidad").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Crear mi cuenta" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/mi-aprendizaje$"));
        await Assertions.Expect(page.Locator(".who")).ToHaveTextAsync("Óscar Pérez Díaz");
    }
}
