using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Scari.Testing;
using Scari.Web.Features.Accounts;

namespace Scari.BrowserTests;

public sealed class TwoFactorKestrelApp : PostgresApp
{
    protected override ScariAppFactory CreateFactory(string connectionString) =>
        ScariAppFactory.OnPostgres(connectionString, ("Security:TwoFactor:Administrador", "true")).WithKestrel();
}

public sealed class AdminSecurityTests(Browser browser, TwoFactorKestrelApp app) : IClassFixture<TwoFactorKestrelApp>
{
    [Fact]
    public async Task An_administrator_sets_up_two_factor_reads_the_audit_log_imports_people_and_sees_their_data()
    {
        await app.App.CreateUserAsync("admin.navegador@scari.test", Roles.Administrador, fullName: "Administradora Navegador");
        var page = await browser.NewPageAsync(app.App.ServerAddress);
        await page.SignInAsync("admin.navegador@scari.test");

        // Administration first asks for two-factor sign-in.
        await page.GotoAsync("/admin");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/cuenta/seguridad"));
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("deben ingresar en dos pasos");
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Código QR para configurar la aplicación de autenticación" })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("seguridad-configurar");
        var key = await page.Locator("#clave").TextContentAsync();
        await page.GetByLabel("Código de la aplicación").FillAsync(Totp.Code(key!));
        await page.GetByRole(AriaRole.Button, new() { Name = "Activar el ingreso en dos pasos" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sus códigos de recuperación" })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("seguridad-codigos");

        await page.GotoAsync("/admin/importar");
        await page.AssertAccessibleAsync("importar");
        var csv = "tipo_documento;numero_documento;nombres;apellidos;publico;dependencia;vinculo;cargo\r\n" +
                  "CC;74000001;Lucía;Fernández;servidor;SHAC;planta;Profesional\r\n" +
                  "CC;74A00002;Mario;Bravo;servidor;SHAC;planta;Técnico\r\n";
        await page.GetByLabel("Archivo CSV").SetInputFilesAsync(new FilePayload
        {
            Name = "personas.csv", MimeType = "text/csv", Buffer = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)],
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Revisar el archivo" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("debe tener solo dígitos");
        await page.AssertAccessibleAsync("importar-problemas");

        await page.GotoAsync("/admin/importar");
        await page.GetByLabel("Archivo CSV").SetInputFilesAsync(new FilePayload
        {
            Name = "personas.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv.Replace("74A00002", "74000002")),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Revisar el archivo" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("no tiene problemas");
        await page.AssertAccessibleAsync("importar-revision");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmar la importación" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("2 personas nuevas");

        await page.GotoAsync("/admin/auditoria");
        await Assertions.Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("Importación de personas");
        await page.AssertAccessibleAsync("auditoria");

        await page.GetByRole(AriaRole.Link, new() { Name = "Mis datos" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Mis datos");
        await page.AssertAccessibleAsync("mis-datos");
    }
}
