using System.Globalization;

namespace Scari.Web.Features.Api;

/// <summary>
/// Errors under /api/v1 as RFC 9457 problem details (<c>application/problem+json</c>, title and detail in Spanish):
/// an unknown path, a method other than GET, the rate limit, an unhandled error. An API client never gets one of
/// the site's HTML error pages; the site keeps them (WebSetup branches the pipeline with <see cref="IsApiRequest"/>).
/// </summary>
public static class ApiProblems
{
    public static bool IsApiRequest(HttpContext http) =>
        http.Request.Path.StartsWithSegments(ApiEndpoints.Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The API's error handling: unhandled exceptions (in every environment: a client reads JSON, the log keeps the
    /// exception) and answers that leave the status without a body (routing's 404 and 405, the rate limiter's 429).
    /// </summary>
    public static IApplicationBuilder UseApiProblems(this IApplicationBuilder api)
    {
        api.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = WriteAsync });
        api.UseStatusCodePages(context => WriteAsync(context.HttpContext));
        return api;
    }

    private static Task WriteAsync(HttpContext http)
    {
        var status = http.Response.StatusCode;
        var (title, detail) = Describe(http, status);
        // Like the HTML error page: an error, a refusal above all, is not kept by caches.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Problem(detail, statusCode: status, title: title).ExecuteAsync(http);
    }

    private static (string Title, string Detail) Describe(HttpContext http, int status)
    {
        var path = http.Request.Path.Value;
        return status switch
        {
            StatusCodes.Status400BadRequest => ("La solicitud no es válida.",
                $"No pudimos leer la solicitud a «{path}». Revise los parámetros con el documento /openapi/{ApiEndpoints.DocumentName}.json."),
            StatusCodes.Status401Unauthorized => (UnauthorizedTitle, UnauthorizedDetail),
            StatusCodes.Status403Forbidden => (ForbiddenTitle, ForbiddenDetail),
            StatusCodes.Status404NotFound => ("No encontramos esa dirección.",
                $"La API no tiene la ruta «{path}». Las rutas disponibles están en el documento /openapi/{ApiEndpoints.DocumentName}.json."),
            StatusCodes.Status405MethodNotAllowed => ("Método no permitido.",
                $"«{path}» responde a {Allowed(http)}, no a {http.Request.Method}."),
            StatusCodes.Status429TooManyRequests => ("Demasiadas solicitudes.",
                $"Hizo demasiadas consultas seguidas desde esta dirección. Espere {Wait(http)} e intente de nuevo."),
            StatusCodes.Status500InternalServerError => ("Algo salió mal.",
                "Ocurrió un error inesperado. Ya quedó registrado; intente de nuevo más tarde."),
            _ => ("No pudimos atender la solicitud.",
                $"La solicitud a «{path}» no se pudo atender (código {status}). Intente de nuevo más tarde."),
        };
    }

    public const string UnauthorizedTitle = "Hace falta iniciar sesión.";
    public const string UnauthorizedDetail = "Esta consulta muestra datos personales: inicie sesión en /cuenta/ingresar como administrador o coordinador y repítala con la misma sesión.";
    public const string ForbiddenTitle = "No tiene permiso para esta consulta.";
    public const string ForbiddenDetail = "Solo un administrador o un coordinador pueden ver los posibles duplicados.";

    private static string Allowed(HttpContext http) =>
        http.Response.Headers.Allow.ToString() is { Length: > 0 } allow ? allow : "GET";

    private static string Wait(HttpContext http) =>
        int.TryParse(http.Response.Headers.RetryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? $"{seconds} segundos" : "un momento";
}
