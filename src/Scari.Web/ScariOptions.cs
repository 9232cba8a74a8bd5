using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Scari.Web;

/// <summary>
/// The <c>Scari</c> section of the configuration, bound once and validated when the app starts: a bad value stops
/// the app with a Spanish message that names the key, instead of printing wrong links on certificates later.
/// </summary>
public sealed class ScariOptions
{
    public const string Section = "Scari";

    /// <summary><c>Scari:DataDirectory</c>: the SQLite file and other local state; empty is App_Data beside the app.</summary>
    public string? DataDirectory { get; set; }

    /// <summary><c>Scari:ContentDirectory</c>: the course catalogue; empty is the nearest content/ folder above the app.</summary>
    public string? ContentDirectory { get; set; }

    /// <summary>
    /// <c>Scari:PublicBaseUrl</c>: the address people reach the site at, with any path base (https://capacitacion.example.gov.co/scari).
    /// Every absolute link (verification and QR, sign-in slips, signed credentials, mail) starts with it. Required
    /// outside Development.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// <c>Scari:OpenDataContactEmail</c>: the contact point named in the metadata of every open-data set
    /// (dcat:contactPoint). Empty: the metadata name the publisher without an address.
    /// </summary>
    public string? OpenDataContactEmail { get; set; }

    /// <summary><c>Scari:QuizRandomSeed</c>: fixes the order of shuffled questions and options (tests only).</summary>
    public int? QuizRandomSeed { get; set; }

    public static ScariOptions From(IConfiguration config) => config.GetSection(Section).Get<ScariOptions>() ?? new();
}

/// <summary>The start-up check of <see cref="ScariOptions"/>; its messages are shown to whoever runs the app.</summary>
public sealed class ScariOptionsValidation(IHostEnvironment env) : IValidateOptions<ScariOptions>
{
    public ValidateOptionsResult Validate(string? name, ScariOptions options)
    {
        var errors = new List<string>();
        var url = options.PublicBaseUrl?.Trim();
        if (string.IsNullOrEmpty(url))
        {
            if (!env.IsDevelopment())
                errors.Add("Falta Scari:PublicBaseUrl: la dirección pública del sitio (por ejemplo https://capacitacion.cartagena.gov.co) con la que se imprimen los enlaces de verificación, los códigos QR y las credenciales. Configúrela (variable de entorno Scari__PublicBaseUrl) antes de iniciar fuera de Development.");
        }
        else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                 || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            errors.Add($"Scari:PublicBaseUrl no es una dirección válida («{url}»): use una dirección absoluta http:// o https://, sin parámetros ni fragmento (por ejemplo https://capacitacion.cartagena.gov.co/scari).");
        }
        if (options.OpenDataContactEmail is { Length: > 0 } contact && !new EmailAddressAttribute().IsValid(contact.Trim()))
            errors.Add($"Scari:OpenDataContactEmail no es un correo válido («{contact}»): escriba la dirección de contacto de los datos abiertos, por ejemplo datosabiertos@cartagena.gov.co.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
