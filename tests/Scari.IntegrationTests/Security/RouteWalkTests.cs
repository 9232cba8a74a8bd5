using System.Net;
using Microsoft.AspNetCore.Authorization;
using Scari.Testing;
using Scari.Web.Features.Accounts;

namespace Scari.IntegrationTests.Security;

/// <summary>
/// Walks every endpoint of the app: each one not in the public table below must refuse anonymous visitors
/// (redirect to /cuenta/ingresar, or 401) and every role its authorization metadata does not allow
/// (403, or redirect to /cuenta/acceso-denegado).
/// </summary>
public sealed class RouteWalkTests(PostgresApp fixture) : IClassFixture<PostgresApp>
{
    /// <summary>
    /// Routes anyone may open, as route patterns; a trailing * matches every route that starts so.
    /// Add a new public page here, deliberately.
    /// </summary>
    public static readonly IReadOnlyList<(string Pattern, string Why)> PublicRoutes =
    [
        ("/", "inicio"),
        ("/cursos", "catálogo abierto"),
        ("/cursos/{curso}", "presentación de un curso"),
        ("/cursos/{curso}/{leccion}", "lecciones abiertas (el avance y los intentos piden ingresar)"),
        ("/cursos/{curso}/media/*", "imágenes de las lecciones"),
        ("/verificar*", "verificación pública de certificados"),
        ("/certificados/verificar*", "verificación pública de certificados"),
        ("/.well-known/scari-certificados.pem", "clave pública que verifica las firmas de los certificados"),
        ("/api/v1/certificados/clave-publica", "la misma clave pública, como JWK"),
        ("/emisor*", "perfil público del emisor (Open Badges 3.0), su imagen y sus claves públicas (JWK Set y cada JWK)"),
        ("/api/v1/certificados/estado", "API: lista de estado de revocación (Bitstring Status List) que leen los verificadores"),
        ("/api/v1/cursos", "API: catálogo abierto, sin respuestas de los cuestionarios"),
        ("/api/v1/cursos/{curso}", "API: presentación de un curso, sin respuestas de los cuestionarios"),
        ("/api/v1/certificados/{codigo}", "API: verificación pública de certificados, con el mismo límite de consultas"),
        ("/api/v1/certificados/{codigo}/documento", "API: ¿es de este documento? Solo sí o no, por POST, con límite por certificado e IP"),
        ("/api/v1/indicadores", "API: indicadores públicos, solo totales"),
        ("/api/v1/cortes", "API: cortes publicados, con la regla de reserva de celdas pequeñas, nunca nombres"),
        ("/api/v1/cortes/{id:int}", "API: un corte publicado, con la regla de reserva de celdas pequeñas, nunca nombres"),
        ("/openapi/{documentName}.json", "documento OpenAPI de la API /api/v1"),
        ("/indicadores*", "indicadores públicos"),
        ("/datos-abiertos*", "datos abiertos: las cifras públicas con la regla de reserva de celdas pequeñas, nunca nombres"),
        ("/api/v1/datos-abiertos*", "API: los mismos datos abiertos, con la regla de reserva de celdas pequeñas, nunca nombres"),
        ("/calendario/{token}.ics", "calendario privado de una persona: la clave es un token aleatorio de 256 bits (se guarda su SHA-256), revocable; un programa de calendario no puede ingresar"),
        ("/correo/baja*", "enlace firmado (Data Protection) de un recordatorio o resumen para no recibir más: pregunta antes; un clic por POST (RFC 8058)"),
        ("/health", "sonda del balanceador"),
        ("/error/{code:int?}", "páginas de error"),
        ("/privacidad", "aviso de privacidad"),
        ("/cuenta/ingresar", "ingreso"),
        ("/cuenta/ingresar-2fa", "segundo paso del ingreso"),
        ("/cuenta/ingresar-con-codigo", "ingreso con código"),
        ("/cuenta/registro", "registro de servidores"),
        ("/cuenta/configuracion-inicial", "enlace de un solo uso del primer administrador"),
        ("/cuenta/acceso-denegado", "aviso de acceso denegado"),
        ("/cuenta/salir", "cerrar sesión"),
        ("/cuenta/olvide-mi-contrasena", "pedir un enlace para restablecer la contraseña: la misma respuesta exista o no la cuenta, con esperas"),
        ("/cuenta/restablecer", "enlace de un solo uso para restablecer la contraseña (token de Identity, 2 horas)"),
        ("/cuenta/invitacion", "enlace de un solo uso de una invitación del equipo (7 días)"),
        ("/cuenta/confirmar-correo", "enlace que confirma el correo de un registro"),
    ];

    internal static bool IsPublic(string pattern) => PublicRoutes.Any(p =>
        p.Pattern.EndsWith('*') ? pattern.StartsWith(p.Pattern[..^1], StringComparison.OrdinalIgnoreCase)
                                : pattern.Equals(p.Pattern, StringComparison.OrdinalIgnoreCase));

    /// <summary>The roles the endpoint's [Authorize] data allows (all of them must hold), or null when any signed-in user may enter.</summary>
    internal static HashSet<string>? AllowedRoles(AppRoutes.Route route)
    {
        HashSet<string>? allowed = null;
        foreach (var data in route.Endpoint.Metadata.OfType<IAuthorizeData>())
        {
            IEnumerable<string>? roles = data.Roles?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (data.Policy == "Staff") roles = Roles.Staff.Split(',');
            if (roles is null) continue;
            allowed = allowed is null ? [.. roles] : [.. allowed.Intersect(roles)];
        }
        return allowed;
    }

    private static bool Refused(HttpResponseMessage r, string loginOrDenied) =>
        r.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
        || r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location is { } l
            && (l.IsAbsoluteUri ? l.PathAndQuery : l.OriginalString).StartsWith(loginOrDenied, StringComparison.Ordinal);

    private static Task<HttpResponseMessage> RequestAsync(HttpClient client, AppRoutes.Route route)
    {
        var method = AppRoutes.Accepts(route, "GET") ? HttpMethod.Get : HttpMethod.Post;
        return client.SendAsync(new HttpRequestMessage(method, AppRoutes.SampleUrl(route)));
    }

    [Fact]
    public async Task Every_non_public_route_refuses_anonymous_visitors_and_the_wrong_roles()
    {
        var app = fixture.App;
        var routes = AppRoutes.All(app);
        Assert.Contains(routes, r => r.Pattern == "/admin/auditoria"); // the walk sees the app's pages
        var clients = new Dictionary<string, HttpClient>();
        foreach (var role in Roles.All)
        {
            var name = $"ruta.{role.ToLowerInvariant()}@scari.test";
            await app.CreateUserAsync(name, role);
            clients[role] = await app.SignedInClientAsync(name);
        }
        using var anonymous = app.CreateBrowserLikeClient();

        var failures = new List<string>();
        var checkedRoutes = 0;
        foreach (var route in routes.Where(r => !IsPublic(r.Pattern)))
        {
            checkedRoutes++;
            var url = AppRoutes.SampleUrl(route);
            using (var response = await RequestAsync(anonymous, route))
                if (!Refused(response, "/cuenta/ingresar"))
                    failures.Add($"{route.Pattern} ({url}): una visita anónima recibió {(int)response.StatusCode} {response.Headers.Location}");

            if (AllowedRoles(route) is not { } allowed) continue;
            foreach (var role in Roles.All.Where(r => !allowed.Contains(r)))
            {
                using var response = await RequestAsync(clients[role], route);
                if (!Refused(response, "/cuenta/acceso-denegado"))
                    failures.Add($"{route.Pattern} ({url}): el rol {role} recibió {(int)response.StatusCode} {response.Headers.Location}");
            }
        }
        foreach (var c in clients.Values) c.Dispose();
        Assert.True(checkedRoutes > 10, $"solo {checkedRoutes} rutas no públicas");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Every_route_is_either_public_or_carries_authorization()
    {
        var unprotected = AppRoutes.All(fixture.App)
            .Where(r => !IsPublic(r.Pattern))
            .Where(r => !r.Endpoint.Metadata.OfType<IAuthorizeData>().Any() || r.Endpoint.Metadata.OfType<IAllowAnonymous>().Any())
            .Select(r => r.Pattern).ToList();
        Assert.True(unprotected.Count == 0, "Rutas sin [Authorize] que no están en la tabla pública: " + string.Join(", ", unprotected));
    }
}
