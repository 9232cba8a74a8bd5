using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.WebEncoders;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Api;

namespace Scari.Web;

/// <summary>The web pipeline: pages, security headers, health, Data Protection in the database.</summary>
public static class WebSetup
{
    public static IServiceCollection AddScariWeb(this IServiceCollection services)
    {
        services.AddOptions<ScariOptions>().BindConfiguration(ScariOptions.Section).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<ScariOptions>, ScariOptionsValidation>();
        services.AddHttpContextAccessor();
        services.AddSingleton<PublicLinks>();
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Features";
            o.Conventions.AuthorizeFolder("/Admin", "Staff");
        });
        services.AddAuthorizationBuilder()
            .AddPolicy("Staff", p => p.RequireRole(Features.Accounts.Roles.Administrador, Features.Accounts.Roles.Coordinador, Features.Accounts.Roles.Tutor));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "scari.af";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        // Keys in the database: every instance behind a load balancer reads the same ring.
        services.AddDataProtection().SetApplicationName("SCARI").PersistKeysToDbContext<ScariDbContext>();
        services.AddScariTextHygiene();
        services.AddScariRateLimits();
        services.AddScariCompression();
        services.AddSingleton<Features.Courses.PythonRuntime>();
        services.AddScariCookieHardening();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.AddServerHeader = false);
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddScoped<Features.Admin.AuditLog>();
        // Spanish text (tildes, ñ) is written as is, not as numeric character references.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        return services;
    }

    public static WebApplication UseScariWeb(this WebApplication app)
    {
        app.UseForwardedHeaders();
        // Errors: problem+json under /api/v1 (Features/Api/ApiProblems), the HTML error pages everywhere else.
        app.UseWhen(ApiProblems.IsApiRequest, api => api.UseApiProblems());
        app.UseWhen(http => !ApiProblems.IsApiRequest(http), site =>
        {
            if (!app.Environment.IsDevelopment()) site.UseExceptionHandler("/error");
            site.UseStatusCodePagesWithReExecute("/error/{0}");
        });
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        var culture = new CultureInfo("es-CO");
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(culture),
            SupportedCultures = [culture],
            SupportedUICultures = [culture],
        });
        app.Use(SecurityHeaders);
        app.UseResponseCompression(); // per response: see Compression
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = file => Compression.MarkStatic(file.Context) });
        app.UseRouting();
        app.Use(RefuseOversizedUploads);
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        app.MapRazorPages().Add(ApplyRateLimitsByRoute);
        Features.Courses.CourseMedia.MapCourseMedia(app);
        return app;
    }

    /// <summary>
    /// Rate-limit policies, partitioned by client IP. Limits come from <c>RateLimits:{Policy}:PermitLimit</c>
    /// and <c>WindowSeconds</c> (or <c>RateLimits:PermitLimit</c> for all), so tests and deployments can change them.
    /// Generous on purpose: a whole classroom signs in from one school IP.
    /// </summary>
    public static IServiceCollection AddScariRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IConfiguration>((o, config) =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return ValueTask.CompletedTask;
            };
            foreach (var (name, permit, window, postsOnly) in RateLimitPolicies)
            {
                var section = config.GetSection($"RateLimits:{char.ToUpperInvariant(name[0])}{name[1..]}");
                // "RateLimits:VerificacionPorMinuto" is the key the certificates branch introduced for the same policy.
                var limit = section.GetValue<int?>("PermitLimit")
                    ?? (name == "verificacion" ? config.GetValue<int?>("RateLimits:VerificacionPorMinuto") : null)
                    ?? config.GetValue<int?>("RateLimits:PermitLimit") ?? permit;
                var seconds = section.GetValue<int?>("WindowSeconds") ?? window;
                o.AddPolicy(name, http =>
                    postsOnly && !HttpMethods.IsPost(http.Request.Method)
                        ? RateLimitPartition.GetNoLimiter("lectura")
                        : RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "desconocida",
                            _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromSeconds(seconds), QueueLimit = 0 }));
            }
        });
        return services;
    }

    /// <summary>The policies: name, default permits per window, window in seconds, whether only POSTs count.</summary>
    public static readonly IReadOnlyList<(string Name, int PermitLimit, int WindowSeconds, bool PostsOnly)> RateLimitPolicies =
    [
        // A whole class signs in from one school address: the per-address ceiling is high, and guessing one account
        // is slowed per account and per address + account instead (Features/Accounts/SignInThrottles).
        ("ingreso", 300, 60, true),
        ("registro", 10, 60, true),
        ("codigos", 300, 60, true),
        ("verificacion", 30, 60, false),
        // "Is this certificate this document's?": few per IP, on top of the few per certificate (DocumentConfirmation).
        ("documento", 10, 3600, true),
    ];

    /// <summary>
    /// The pages each policy covers, by route prefix, so a page is limited even before its PageModel carries
    /// <c>[EnableRateLimiting]</c> (pages may also carry the attribute; the policy is the same).
    /// </summary>
    public static readonly IReadOnlyList<(string RoutePrefix, string Policy)> RateLimitedRoutes =
    [
        ("cuenta/ingresar-con-codigo", "codigos"),
        ("cuenta/ingresar", "ingreso"),
        ("cuenta/registro", "registro"),
        ("cuenta/olvide-mi-contrasena", "registro"),
        ("cuenta/restablecer", "ingreso"),
        ("cuenta/invitacion", "ingreso"),
        ("verificar/{codigo}/documento", "documento"),
        ("api/v1/certificados/{codigo}/documento", "documento"),
        ("verificar", "verificacion"),
        ("api/v1/certificados/{codigo}", "verificacion"), // the JSON twin of /verificar (Features/Api)
    ];

    private static void ApplyRateLimitsByRoute(EndpointBuilder endpoint)
    {
        if (endpoint is not RouteEndpointBuilder route || route.RoutePattern.RawText is not { } raw) return;
        var path = raw.TrimStart('/');
        if (endpoint.Metadata.OfType<EnableRateLimitingAttribute>().Any()) return;
        foreach (var (prefix, policy) in RateLimitedRoutes)
            if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                endpoint.Metadata.Add(new EnableRateLimitingAttribute(policy));
                return;
            }
    }

    /// <summary>
    /// Every cookie HttpOnly and SameSite; Secure always outside Development and Testing (which run on plain http),
    /// unless <c>Security:AllowHttpCookies</c> is true (a plain-http demo such as compose.yaml on localhost).
    /// Behind a TLS proxy, the proxy's X-Forwarded-Proto tells the app the request was https (see UseScariWeb).
    /// </summary>
    public static IServiceCollection AddScariCookieHardening(this IServiceCollection services)
    {
        static CookieSecurePolicy Secure(IHostEnvironment env, IConfiguration config) =>
            env.IsDevelopment() || env.IsEnvironment("Testing") || config.GetValue("Security:AllowHttpCookies", false)
                ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        foreach (var scheme in new[] { IdentityConstants.ApplicationScheme, IdentityConstants.TwoFactorUserIdScheme, IdentityConstants.TwoFactorRememberMeScheme, IdentityConstants.ExternalScheme })
            services.AddOptions<CookieAuthenticationOptions>(scheme).PostConfigure<IHostEnvironment, IConfiguration>((o, env, config) =>
            {
                o.Cookie.HttpOnly = true;
                if (o.Cookie.SameSite is SameSiteMode.None or SameSiteMode.Unspecified) o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = Secure(env, config);
            });
        services.AddOptions<AntiforgeryOptions>().PostConfigure<IHostEnvironment, IConfiguration>((o, env, config) => o.Cookie.SecurePolicy = Secure(env, config));
        services.AddOptions<CookieTempDataProviderOptions>().PostConfigure<IHostEnvironment, IConfiguration>((o, env, config) =>
        {
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = Secure(env, config);
        });
        // The client's address (rate limits) and scheme (secure cookies, HSTS) as a trusted reverse proxy saw them.
        // Nobody is trusted by default, not even loopback: Security:TrustedProxies lists the proxies' addresses or
        // networks ("10.0.0.5, 172.18.0.0/16"); Security:TrustAllProxies=true trusts any (only behind a proxy that
        // overwrites X-Forwarded-For).
        services.AddOptions<ForwardedHeadersOptions>().Configure<IConfiguration>((o, config) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            if (config.GetValue("Security:TrustAllProxies", false)) return;
            foreach (var entry in (config["Security:TrustedProxies"] ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries))
            {
                if (entry.Contains('/')) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
                else o.KnownProxies.Add(System.Net.IPAddress.Parse(entry));
            }
            // With nothing listed, nothing is trusted (ForwardedHeaders would otherwise trust any when both lists are empty).
            if (o.KnownProxies.Count == 0 && o.KnownIPNetworks.Count == 0) o.ForwardedHeaders = ForwardedHeaders.None;
        });
        return services;
    }

    /// <summary>
    /// The upload limit of the endpoint (<c>[RequestSizeLimit]</c> or <c>[RequestFormLimits]</c>), or null when it has none.
    /// </summary>
    public static long? UploadLimit(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<RequestFormLimitsAttribute>()?.MultipartBodyLengthLimit
        ?? endpoint?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize;

    /// <summary>
    /// A request whose declared size is over the endpoint's upload limit gets 413 before anything reads it, so the
    /// person sees the Spanish error page with the limit (Features/Error) rather than a bare 400.
    /// </summary>
    private static Task RefuseOversizedUploads(HttpContext context, Func<Task> next)
    {
        if (context.Request.ContentLength is { } length && UploadLimit(context.GetEndpoint()) is { } limit && length > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            // The error page is re-executed on this same request: it must not try to read the refused body.
            context.Request.Body = Stream.Null;
            context.Request.ContentLength = 0;
            context.Request.ContentType = null;
            return Task.CompletedTask;
        }
        return next();
    }

    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The same policy plus 'wasm-unsafe-eval' (compiling WebAssembly, no JavaScript eval), only where Python runs: a lesson
    /// page with runnable code and the worker script's own response (a worker takes its policy from its script).
    /// </summary>
    public static void AllowWebAssembly(HttpResponse response) =>
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy.Replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", StringComparison.Ordinal);

    private static Task SecurityHeaders(HttpContext context, Func<Task> next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        if (context.Request.Path.Equals(Features.Courses.PythonRuntime.WorkerPath, StringComparison.Ordinal)) AllowWebAssembly(context.Response);
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        // ASVS 8.2.1: what a signed-in person sees is not kept by the browser or a shared cache, unless the endpoint
        // says otherwise (the public indicator totals set their own Cache-Control).
        context.Response.OnStarting(() =>
        {
            if (context.User.Identity?.IsAuthenticated == true && !context.Response.Headers.ContainsKey("Cache-Control"))
                context.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        return next();
    }
}

internal sealed class DatabaseHealthCheck(ScariDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(ct)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("La base de datos no responde.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("La base de datos no responde.", ex);
        }
    }
}
