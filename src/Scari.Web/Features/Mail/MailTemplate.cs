using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Scari.Web.Content;

namespace Scari.Web.Features.Mail;

/// <summary>
/// The one look of SCARI's messages: Spanish plain text and the same in simple HTML, the entity's name at the top,
/// an optional button-like link, and at the foot why the person receives it (and, for what is not transactional, where
/// to change their preferences).
/// </summary>
public sealed class MailTemplate(CourseCatalog catalog, PublicLinks links)
{
    public sealed record Link(string Text, string Url);

    // Spanish letters (ñ, tildes) as they are, not as character references.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public string EntityName => catalog.Settings.Entity.Name is { Length: > 0 } name ? name : "SCARI";

    /// <summary>Links in mail come from Scari:PublicBaseUrl (PublicLinks), never from a request's Host header.</summary>
    public string BaseUrl(HttpRequest? request) => links.BaseUrl;

    /// <summary>The entity's logo as hosted at the public address (<c>/emisor/imagen</c>), when scari.yaml names one that exists.</summary>
    public string? LogoUrl => catalog.Settings.Entity.LogoPath is { Length: > 0 } path && File.Exists(Path.Combine(catalog.ContentDirectory, path))
        ? links.Absolute("/emisor/imagen") : null;

    public MailDraft Compose(string kind, string toAddress, string toName, string subject, IReadOnlyList<string> paragraphs,
        Link? link = null, string? footer = null, bool carriesSecret = false, string? unsubscribeUrl = null, string? preferencesUrl = null)
    {
        var text = new StringBuilder();
        text.Append(EntityName).Append(" · SCARI\n\n");
        text.Append("Hola, ").Append(toName).Append(".\n\n");
        foreach (var p in paragraphs) text.Append(p).Append("\n\n");
        if (link is not null) text.Append(link.Text).Append(":\n").Append(link.Url).Append("\n\n");
        text.Append("--\n").Append(footer ?? "Recibe este mensaje porque tiene una cuenta en SCARI.").Append('\n');
        if (unsubscribeUrl is not null) text.Append("Para no recibir más mensajes como este: ").Append(unsubscribeUrl).Append('\n');
        if (preferencesUrl is not null) text.Append("Sus preferencias de correo: ").Append(preferencesUrl).Append('\n');
        text.Append("Este es un mensaje automático: por favor no lo responda.\n");

        var e = Html;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"es\"><head><meta charset=\"utf-8\"><title>").Append(e.Encode(subject)).Append("</title></head>");
        html.Append("<body style=\"font-family:Arial,Helvetica,sans-serif;color:#1f2937;max-width:40rem;margin:0 auto;padding:1rem\">");
        if (LogoUrl is { } logo)
            html.Append("<p><img src=\"").Append(e.Encode(logo)).Append("\" alt=\"").Append(e.Encode(EntityName)).Append("\" height=\"56\" style=\"height:56px;width:auto\"></p>");
        html.Append("<p style=\"font-weight:bold;color:#1e3a8a\">").Append(e.Encode(EntityName)).Append(" · SCARI</p>");
        html.Append("<p>Hola, ").Append(e.Encode(toName)).Append(".</p>");
        foreach (var p in paragraphs) html.Append("<p>").Append(e.Encode(p).Replace("&#xA;", "<br>")).Append("</p>");
        if (link is not null)
            html.Append("<p><a href=\"").Append(e.Encode(link.Url)).Append("\" style=\"display:inline-block;background:#1e3a8a;color:#fff;padding:0.6rem 1rem;border-radius:4px;text-decoration:none\">")
                .Append(e.Encode(link.Text)).Append("</a></p><p style=\"font-size:0.9em\">Si el botón no funciona, copie esta dirección en su navegador: ")
                .Append(e.Encode(link.Url)).Append("</p>");
        html.Append("<hr><p style=\"font-size:0.85em;color:#4b5563\">").Append(e.Encode(footer ?? "Recibe este mensaje porque tiene una cuenta en SCARI."));
        if (unsubscribeUrl is not null)
            html.Append("<br><a href=\"").Append(e.Encode(unsubscribeUrl)).Append("\">No recibir más mensajes como este</a>");
        if (preferencesUrl is not null)
            html.Append(" · <a href=\"").Append(e.Encode(preferencesUrl)).Append("\">Mis preferencias de correo</a>");
        html.Append("<br>Este es un mensaje automático: por favor no lo responda.</p></body></html>");

        return new MailDraft(kind, toAddress, toName, subject, text.ToString())
        {
            HtmlBody = html.ToString(), CarriesSecret = carriesSecret, UnsubscribeUrl = unsubscribeUrl,
        };
    }
}
