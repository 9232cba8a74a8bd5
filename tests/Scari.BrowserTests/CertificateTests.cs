using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Scari.Testing;
using Scari.Web.Features.Accounts;

namespace Scari.BrowserTests;

public sealed class CertificateTests(Browser browser, KestrelApp app) : IClassFixture<KestrelApp>
{
    [Fact]
    public async Task A_learner_downloads_the_certificate_and_verifies_it_then_an_administrator_revokes_it()
    {
        // The course was completed (the learning journey writes these rows).
        var seeded = await app.App.CreateCompletionAsync("José", "Pérez Núñez", "1047394521");
        var learner = await app.App.CreateUserAsync("1047394521", Roles.Aprendiz, fullName: "José Pérez Núñez");
        await app.App.LinkAccountAsync(learner.Id, personId: seeded.PersonId);
        await app.App.CreateUserAsync("admin.certificados@scari.test", Roles.Administrador);

        var page = await browser.NewPageAsync(app.App.ServerAddress);
        await SignInAndWaitAsync(page, "1047394521");
        await page.GotoAsync("/certificados");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Mis certificados");
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Seguridad digital para servidores públicos" })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("mis-certificados");

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "Descargar certificado (PDF)" }).ClickAsync());
        var code = Regex.Match(download.SuggestedFilename, @"^(SCARI-[0-9A-Z-]+)\.pdf$").Groups[1].Value;
        Assert.NotEmpty(code);
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));

        // Anyone can check it, signed in or not, by typing the code in the form.
        var visitor = await browser.NewPageAsync(app.App.ServerAddress);
        await visitor.GotoAsync("/verificar");
        await visitor.AssertAccessibleAsync("verificar-formulario");
        await visitor.GetByLabel("Código del certificado").FillAsync(code.ToLowerInvariant());
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Verificar" }).ClickAsync();
        await Assertions.Expect(visitor).ToHaveURLAsync(new Regex($"/verificar/{code}$"));
        await Assertions.Expect(visitor.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("Válido");
        await Assertions.Expect(visitor.GetByText("José Pérez Núñez")).ToBeVisibleAsync();
        await Assertions.Expect(visitor.GetByText("CC ******4521")).ToBeVisibleAsync();
        await visitor.AssertAccessibleAsync("verificar-valido");

        // An administrator revokes it with a reason.
        var admin = await browser.NewPageAsync(app.App.ServerAddress);
        await SignInAndWaitAsync(admin, "admin.certificados@scari.test");
        await admin.GotoAsync("/admin/certificados");
        await admin.GetByLabel("Código, documento o nombre").FillAsync("1047394521");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Buscar" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Link, new() { Name = code })).ToBeVisibleAsync();
        await admin.AssertAccessibleAsync("admin-certificados");
        await admin.GetByLabel("Motivo de la revocación").FillAsync("Datos del titular errados");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Revocar" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync($"Certificado {code} revocado.");

        await visitor.ReloadAsync();
        await Assertions.Expect(visitor.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("Revocado");
        await visitor.AssertAccessibleAsync("verificar-revocado");
    }

    private static async Task SignInAndWaitAsync(IPage page, string userName)
    {
        await page.SignInAsync(userName);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Salir" })).ToBeVisibleAsync();
    }
}
