using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Scari.Web.Features;

[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";

    public void OnGet(int? code) => Describe(code);
    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        (Title, Message) = code switch
        {
            404 => ("Página no encontrada", "La dirección no existe o usted no tiene acceso a ella."),
            403 => ("Acceso denegado", "Su cuenta no tiene permiso para ver esta página."),
            429 => ("Demasiadas solicitudes", "Espere un momento e intente de nuevo."),
            413 => ("Archivo demasiado grande", UploadLimitText()),
            null => ("Algo salió mal", "Ocurrió un error inesperado. Ya quedó registrado; intente de nuevo más tarde."),
            _ => ("Algo salió mal", "No pudimos atender la solicitud. Intente de nuevo."),
        };
        if (code is not null) Response.StatusCode = code.Value;
    }

    /// <summary>The limit of the page the upload went to, in megabytes.</summary>
    private string UploadLimitText()
    {
        var endpoint = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>()?.Endpoint;
        return WebSetup.UploadLimit(endpoint) is { } limit
            ? $"El archivo supera el límite de {limit / (1024.0 * 1024.0):0.#} MB de esta página. Divida el archivo en partes más pequeñas y cárguelas una por una."
            : "El archivo supera el tamaño permitido. Divida el archivo en partes más pequeñas y cárguelas una por una.";
    }
}
