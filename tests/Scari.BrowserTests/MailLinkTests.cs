using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Scari.Testing;
using Scari.Web.Features.Accounts;

namespace Scari.BrowserTests;

/// <summary>The app on a real port with a real SMTP server in the test process: links are followed from the mail received.</summary>
public sealed class SmtpKestrelApp : IAsyncLifetime, IAppFixture
{
    private TestDatabase? _database;
    private ScariAppFactory? _app;

    public TestSmtpServer Smtp { get; private set; } = null!;
    public ScariAppFactory App => _app ?? throw new InvalidOperationException("La aplicación no se inició.");

    public async ValueTask InitializeAsync()
    {
        Smtp = await TestSmtpServer.StartNewAsync();
        _database = await TestDatabase.CreateAsync();
        _app = ScariAppFactory.OnPostgres(_database.ConnectionString, Smtp.Settings).WithKestrel();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

public sealed partial class MailLinkTests(Browser browser, SmtpKestrelApp app) : IClassFixture<SmtpKestrelApp>
{
    [GeneratedRegex(@"https://scari\.test(/cuenta/[a-z-]+\?usuario=[^\s""<]+)")]
    private static partial Regex LinkPattern();

    private async Task<string> LinkMailedToAsync(string address) =>
        LinkPattern().Match((await app.Smtp.WaitForMessageToAsync(address)).TextBody ?? "").Groups[1].Value;

    [Fact]
    public async Task A_person_resets_a_forgotten_password_with_the_mailed_link()
    {
        await app.App.CreateUserAsync("olvidadiza@scari.test", Roles.Aprendiz, fullName: "Olga Olvidadiza");
        await app.App.WithDbAsync(db => db.Users.Where(u => u.UserName == "olvidadiza@scari.test").ExecuteUpdateAsync(u => u.SetProperty(x => x.EmailConfirmed, true)));
        var page = await browser.NewPageAsync(app.App.ServerAddress);

        await page.GotoAsync("/cuenta/ingresar");
        await page.GetByRole(AriaRole.Link, new() { Name = "¿Olvidó su contraseña?" }).ClickAsync();
        await page.AssertAccessibleAsync("olvido-contrasena");
        await page.GetByLabel("Correo electrónico").FillAsync("olvidadiza@scari.test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enviarme el enlace" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("en unos minutos le llegará un enlace");

        await page.GotoAsync(await LinkMailedToAsync("olvidadiza@scari.test"));
        await page.AssertAccessibleAsync("restablecer-contrasena");
        await page.GetByLabel("Contraseña nueva", new() { Exact = true }).FillAsync("garzas-blancas-en-la-cienaga");
        await page.GetByLabel("Repita la contraseña nueva").FillAsync("garzas-blancas-en-la-cienaga");
        await page.GetByRole(AriaRole.Button, new() { Name = "Guardar la contraseña" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Su contraseña cambió");

        await page.SignInAsync("olvidadiza@scari.test", "garzas-blancas-en-la-cienaga");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Salir" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_coordinator_accepts_the_invitation_an_administrator_sent()
    {
        await app.App.CreateUserAsync("admin.invita@scari.test", Roles.Administrador, fullName: "Administradora");
        var admin = await browser.NewPageAsync(app.App.ServerAddress);
        await admin.SignInAsync("admin.invita@scari.test");
        await admin.GotoAsync("/admin/cuentas");
        await admin.GetByLabel("Nombre completo").FillAsync("Inés Invitada");
        await admin.GetByLabel("Correo electrónico").FillAsync("ines@scari.test");
        await admin.GetByLabel("Rol").SelectOptionAsync("Tutor");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Crear cuenta" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Le enviamos una invitación");
        await Assertions.Expect(admin.GetByRole(AriaRole.Row, new() { Name = "Inés Invitada" })).ToContainTextAsync("invitación pendiente");

        var invited = await browser.NewPageAsync(app.App.ServerAddress);
        await invited.GotoAsync(await LinkMailedToAsync("ines@scari.test"));
        await invited.AssertAccessibleAsync("invitacion");
        await invited.GetByLabel("Contraseña", new() { Exact = true }).FillAsync("faroles-del-centro-historico");
        await invited.GetByLabel("Repita la contraseña").FillAsync("faroles-del-centro-historico");
        await invited.GetByRole(AriaRole.Button, new() { Name = "Activar mi cuenta" }).ClickAsync();
        await Assertions.Expect(invited.GetByRole(AriaRole.Status)).ToContainTextAsync("Su cuenta quedó activa");
        await Assertions.Expect(invited).ToHaveURLAsync(new Regex("/admin$"));
    }
}
