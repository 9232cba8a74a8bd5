using System.Net;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Scari.Testing;
using Scari.Web;
using Scari.Web.Features.Accounts;

namespace Scari.IntegrationTests.Security;

/// <summary>The app with sign-in limited to 3 posts per minute per address.</summary>
public sealed class LowRateLimitApp : PostgresApp
{
    protected override ScariAppFactory CreateFactory(string connectionString) =>
        ScariAppFactory.OnPostgres(connectionString, ("RateLimits:Ingreso:PermitLimit", "3"), ("RateLimits:Ingreso:WindowSeconds", "600"));
}

public sealed class RateLimitTests(LowRateLimitApp fixture) : IClassFixture<LowRateLimitApp>
{
    [Fact]
    public async Task Sign_in_posts_beyond_the_limit_get_a_Spanish_429_page_while_reading_the_form_stays_open()
    {
        using var client = fixture.App.CreateBrowserLikeClient();
        for (var i = 0; i < 3; i++)
        {
            using var refused = await client.PostFormAsync("/cuenta/ingresar", new()
            {
                ["Input.UserName"] = $"nadie{i}@scari.test",
                ["Input.Password"] = "incorrecta-123",
            });
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        }
        using var limited = await client.PostFormAsync("/cuenta/ingresar", new()
        {
            ["Input.UserName"] = "nadie@scari.test",
            ["Input.Password"] = "incorrecta-123",
        });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("Demasiadas solicitudes", await limited.Content.ReadAsStringAsync());
        Assert.Equal("60", limited.Headers.GetValues("Retry-After").Single());

        using var form = await client.GetAsync("/cuenta/ingresar");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
    }

    /// <summary>Which pages are limited, written out here rather than read from WebSetup, so that dropping a route from the table fails.</summary>
    private static readonly Dictionary<string, string> LimitedPages = new(StringComparer.Ordinal)
    {
        ["/cuenta/ingresar"] = "ingreso",
        ["/cuenta/ingresar-con-codigo"] = "codigos",
        ["/cuenta/ingresar-2fa"] = "ingreso", // the second factor: guessing a code is a sign-in attempt too
        ["/cuenta/registro"] = "registro",
        ["/cuenta/olvide-mi-contrasena"] = "registro", // each request mails a link: few per address, like registering
        ["/cuenta/restablecer"] = "ingreso",
        ["/cuenta/invitacion"] = "ingreso",
        ["/verificar/{codigo?}"] = "verificacion",
        ["/verificar/{codigo}/documento"] = "documento",
        ["/api/v1/certificados/{codigo}"] = "verificacion",
        ["/api/v1/certificados/{codigo}/documento"] = "documento",
    };

    [Fact]
    public void Sign_in_registration_codes_and_verification_pages_carry_their_rate_limit_policy()
    {
        var routes = AppRoutes.All(fixture.App);
        foreach (var (pattern, _) in LimitedPages.Where(p => routes.All(r => r.Pattern != p.Key)))
            Assert.Fail($"{pattern}: la ruta ya no existe; actualice la lista de páginas limitadas de esta prueba");
        foreach (var route in routes)
        {
            var expected = LimitedPages.GetValueOrDefault(route.Pattern);
            var actual = route.Endpoint.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
            Assert.True(expected == actual, $"{route.Pattern}: política «{actual}», se esperaba «{expected}»");
        }
    }
}

/// <summary>Every policy at 2 requests per window, and the client's address taken from X-Forwarded-For (a trusted proxy).</summary>
public sealed class TwoPerWindowApp : PostgresApp
{
    protected override ScariAppFactory CreateFactory(string connectionString) =>
        ScariAppFactory.OnPostgres(connectionString, ("RateLimits:PermitLimit", "2"), ("RateLimits:Documento:PermitLimit", "2"),
            ("Security:TrustAllProxies", "true"));
}

/// <summary>
/// Each limit is hit with real requests: the third request from one address within the window gets 429 and a
/// Retry-After, while a second address (another school behind its own NAT) is not affected. Posts without an
/// antiforgery token are refused by the page (400) but still count: the limit runs before anything else.
/// </summary>
public sealed class RateLimitPolicyTests(TwoPerWindowApp fixture) : IClassFixture<TwoPerWindowApp>
{
    [Theory]
    [InlineData("POST", "/cuenta/ingresar")]
    [InlineData("POST", "/cuenta/ingresar-con-codigo")]
    [InlineData("POST", "/cuenta/registro")]
    [InlineData("GET", "/verificar/SCARI-2026-NOEXISTE")]
    [InlineData("GET", "/api/v1/certificados/SCARI-2026-NOEXISTE")]
    [InlineData("POST", "/verificar/SCARI-2026-NOEXISTE/documento")]
    public async Task The_third_request_from_one_address_is_refused_and_another_address_is_not(string method, string path)
    {
        using var client = fixture.App.CreateBrowserLikeClient();
        var first = $"10.1.{Random.Shared.Next(1, 250)}.{Random.Shared.Next(1, 250)}";
        var second = $"10.2.{Random.Shared.Next(1, 250)}.{Random.Shared.Next(1, 250)}";

        for (var i = 0; i < 2; i++)
        {
            using var allowed = await SendAsync(client, method, path, first);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, allowed.StatusCode);
        }
        using var refused = await SendAsync(client, method, path, first);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("60", refused.Headers.GetValues("Retry-After").Single());

        using var other = await SendAsync(client, method, path, second);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, other.StatusCode);
    }

    [Fact]
    public async Task Reading_the_sign_in_form_is_never_limited()
    {
        using var client = fixture.App.CreateBrowserLikeClient();
        var address = $"10.3.{Random.Shared.Next(1, 250)}.{Random.Shared.Next(1, 250)}";
        for (var i = 0; i < 5; i++)
        {
            using var form = await SendAsync(client, "GET", "/cuenta/ingresar", address);
            Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        }
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, string address)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("X-Forwarded-For", address);
        if (method == "POST") request.Content = new FormUrlEncodedContent([new("Input.UserName", "nadie@scari.test")]);
        return client.SendAsync(request);
    }
}

public sealed class CookieAndLogTests : IClassFixture<CookieAndLogTests.LoggedApp>
{
    public sealed class LoggedApp : PostgresApp
    {
        public CapturedLogs Logs { get; } = new();

        // Everything the app logs at Information and above, framework included.
        protected override ScariAppFactory CreateFactory(string connectionString) =>
            ScariAppFactory.OnPostgres(connectionString,
                ("Logging:LogLevel:Default", "Information"),
                ("Logging:LogLevel:Microsoft.AspNetCore", "Information"),
                ("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Information")).WithLogger(Logs);
    }

    private readonly LoggedApp _fixture;
    public CookieAndLogTests(LoggedApp fixture) => _fixture = fixture;
    private ScariAppFactory App => _fixture.App;

    [Fact]
    public async Task Registering_signing_in_failing_and_locking_out_logs_no_e_mail_name_or_document()
    {
        // A staff self-registration (people branch), then the same person signs in with a wrong password.
        var dependencia = await App.WithDbAsync(db => db.Dependencias.Where(d => d.Code == "OAIN").Select(d => d.Id).SingleAsync());
        using (var registering = App.CreateBrowserLikeClient())
        {
            using var registered = await registering.PostFormAsync("/cuenta/registro", new()
            {
                ["Input.DocumentType"] = "CC", ["Input.DocumentNumber"] = "1.047.888.999",
                ["Input.GivenNames"] = "Registro Logs", ["Input.FamilyNames"] = "Sin Huella",
                ["Input.Email"] = "registro.logs@cartagena.gov.co", ["Input.DependenciaId"] = dependencia.ToString(),
                ["Input.Vinculo"] = "Planta", ["Input.Cargo"] = "Profesional", ["Input.Password"] = "clave-larga-2026",
                ["Input.ConfirmPassword"] = "clave-larga-2026", ["Input.AcceptsPrivacyNotice"] = "true",
            });
            Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
            await registering.PostFormAsync("/cuenta/ingresar", new() { ["Input.UserName"] = "1047888999", ["Input.Password"] = "incorrecta-123" });
        }

        const string email = "maria.rodriguez.logs@scari.test";
        await App.CreateUserAsync(email, Roles.Coordinador, fullName: "María Rodríguez Logs");
        using (await App.SignedInClientAsync(email)) { }
        using var client = App.CreateBrowserLikeClient();
        for (var i = 0; i < 6; i++)
            await client.PostFormAsync("/cuenta/ingresar", new() { ["Input.UserName"] = email, ["Input.Password"] = "incorrecta-123" });
        await client.PostFormAsync("/cuenta/ingresar", new() { ["Input.UserName"] = "1032456789", ["Input.Password"] = "incorrecta-123" });

        var lines = _fixture.Logs.Lines.ToList();
        Assert.NotEmpty(lines); // the capture works: requests are logged at Information
        Assert.DoesNotContain(lines, l => l.Contains("maria.rodriguez", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(lines, l => l.Contains("Rodríguez Logs", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(lines, l => l.Contains("1032456789", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("1047888999", StringComparison.Ordinal) || l.Contains("1.047.888.999", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("registro.logs", StringComparison.OrdinalIgnoreCase) || l.Contains("Sin Huella", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cookies_are_HttpOnly_SameSite_and_Secure_outside_development()
    {
        await using var production = App.WithWebHostBuilder(b => b.UseEnvironment("Production"));
        using var client = production.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        using var page = await client.GetAsync("/cuenta/ingresar");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var antiforgery = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("scari.af=", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", antiforgery, StringComparison.OrdinalIgnoreCase);

        var cookies = production.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>();
        foreach (var scheme in new[] { IdentityConstants.ApplicationScheme, IdentityConstants.TwoFactorUserIdScheme, IdentityConstants.TwoFactorRememberMeScheme })
        {
            var cookie = cookies.Get(scheme).Cookie;
            Assert.Equal(CookieSecurePolicy.Always, cookie.SecurePolicy);
            Assert.True(cookie.HttpOnly);
            Assert.NotEqual(SameSiteMode.None, cookie.SameSite);
        }
        // Tests run on plain http, where Secure cookies would never come back.
        Assert.Equal(CookieSecurePolicy.SameAsRequest,
            App.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme).Cookie.SecurePolicy);
    }
}
