using Microsoft.AspNetCore.Identity;
using Scari.Web.Data;

namespace Scari.Web.Features.Accounts;

public static class AccountsSetup
{
    public static IServiceCollection AddScariAccounts(this IServiceCollection services)
    {
        services.AddIdentity<ScariUser, IdentityRole>(o =>
            {
                // ASVS 2.1: length and a strength estimate (PasswordRules), no composition rules.
                o.Password.RequiredLength = PasswordRules.MinimumLength;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
                o.Password.RequiredUniqueChars = 1;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false; // students often have no e-mail
                o.SignIn.RequireConfirmedAccount = false;
                o.Tokens.EmailConfirmationTokenProvider = SevenDayTokenProvider.ProviderName;
            })
            .AddEntityFrameworkStores<ScariDbContext>()
            .AddErrorDescriber<SpanishIdentityErrors>()
            .AddPasswordValidator<ScariPasswordValidator>()
            .AddUserValidator<UniqueEmailValidator>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<SevenDayTokenProvider>(SevenDayTokenProvider.ProviderName);
        // Reset links: 2 hours (the default provider); invitations and e-mail confirmation: 7 days (SevenDayTokenProvider).
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = AccountMail.ResetLifetime);
        services.AddScoped<AccountMail>();

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "scari.sesion";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/cuenta/ingresar";
            o.LogoutPath = "/cuenta/salir";
            o.AccessDeniedPath = "/cuenta/acceso-denegado";
            // An API client gets 401 or 403 (as problem+json, Features/Api/ApiProblems), not the HTML sign-in page.
            o.Events.OnRedirectToLogin = ctx => ApiAnswer(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAnswer(ctx, StatusCodes.Status403Forbidden);
        });
        AccountSessions.AddScariSessions(services);
        services.AddScoped<PasswordRules>();
        services.AddScoped<FirstAdministrator>();
        return services;
    }

    private static Task ApiAnswer(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (Api.ApiProblems.IsApiRequest(ctx.HttpContext)) ctx.Response.StatusCode = status;
        else ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>While no administrator exists, prints a one-time link to create one.</summary>
    public static async Task AnnounceFirstAdministratorLinkAsync(this WebApplication app)
    {
        string? token;
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            token = await scope.ServiceProvider.GetRequiredService<FirstAdministrator>().IssueLinkTokenAsync(default);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
        {
            // The app still starts, and /health says 503, while the database is down or not migrated yet.
            app.Logger.LogWarning(ex, "No se pudo comprobar si existe un administrador.");
            return;
        }
        if (token is null) return;
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var address = app.Urls.FirstOrDefault(u => u.StartsWith("http://", StringComparison.Ordinal)) ?? app.Urls.FirstOrDefault() ?? "http://localhost:5080";
            address = address.Replace("://[::]", "://localhost").Replace("://0.0.0.0", "://localhost").Replace("://+", "://localhost").Replace("://*", "://localhost");
            Console.WriteLine();
            Console.WriteLine("SCARI todavía no tiene administrador. Abra este enlace de un solo uso para crearlo");
            Console.WriteLine($"(vence en {FirstAdministrator.LinkLifetime.TotalDays:0} días; cada arranque sin administrador genera uno nuevo):");
            Console.WriteLine($"  {address.TrimEnd('/')}/cuenta/configuracion-inicial?token={token}");
            Console.WriteLine();
        });
    }
}
