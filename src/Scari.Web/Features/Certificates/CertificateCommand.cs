using System.Security.Cryptography;

namespace Scari.Web.Features.Certificates;

/// <summary>
/// <c>certificate verify FILE [--key KEY]</c>: checks a downloaded certificate offline, without a database: an Open Badges
/// VC-JWT (<c>.jwt</c>) with the JWK Set or JWK saved from <c>/emisor/claves</c>, or an older JSON with its ECDSA key.
/// Exit code 0 when the signature is valid, 1 when not (with the reason), 2 for a usage error.
/// </summary>
public static class CertificateCommand
{
    private const string Usage = "Uso: certificate verify ARCHIVO.jwt --key CLAVES.json | certificate verify ARCHIVO.json [--key CLAVE-PUBLICA.pem]"
        + " | certificate rotate-key [--desde AAAA-MM-DDTHH:MM:SSZ]";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args is not ["verify", var file, .. var rest])
        {
            error.WriteLine(Usage);
            return 2;
        }
        string? keyFile = null;
        if (rest is ["--key", var k]) keyFile = k;
        else if (rest.Length > 0)
        {
            error.WriteLine(Usage);
            return 2;
        }
        if (!File.Exists(file))
        {
            error.WriteLine($"No se encontró el archivo «{file}».");
            return 2;
        }

        var text = File.ReadAllText(file);
        if (OpenBadgeCredential.LooksLikeJwt(text)) return VerifyJwt(text.Trim(), keyFile, output, error);

        ECDsa? key = null;
        try
        {
            if (keyFile is not null)
            {
                if (!File.Exists(keyFile))
                {
                    error.WriteLine($"No se encontró la clave pública «{keyFile}».");
                    return 2;
                }
                try { key = CertificateSignature.ImportPublicKey(File.ReadAllText(keyFile)); }
                catch (Exception ex) when (ex is CryptographicException or ArgumentException or FormatException or System.Text.Json.JsonException or KeyNotFoundException)
                {
                    error.WriteLine($"«{keyFile}» no es una clave pública ECDSA P-256 (PEM o JWK).");
                    return 2;
                }
            }
            if (text.Contains("\"credentialSubject\"", StringComparison.Ordinal) && !text.Contains("\"proof\"", StringComparison.Ordinal))
            {
                output.WriteLine("NO VERIFICABLE: este JSON es el contenido de una credencial Open Badges sin su firma. Verifique el archivo .jwt del mismo certificado.");
                return 1;
            }
            var result = CertificateCredential.Verify(text, key);
            if (result.Valid)
            {
                output.WriteLine($"VÁLIDO: {result.Code}. {result.Message}");
                output.WriteLine("La revocación no consta en el archivo: consulte la página de verificación del código.");
                return 0;
            }
            output.WriteLine($"NO VÁLIDO: {result.Message}");
            return 1;
        }
        finally
        {
            key?.Dispose();
        }
    }

    /// <summary>An Open Badges VC-JWT: the key whose <c>kid</c> the header names, from a saved JWK Set or a single JWK.</summary>
    private static int VerifyJwt(string jwt, string? keyFile, TextWriter output, TextWriter error)
    {
        var kid = OpenBadgeCredential.KeyIdOf(jwt);
        if (kid is null)
        {
            output.WriteLine("NO VÁLIDO: el archivo no es un JWT legible.");
            return 1;
        }
        var set = kid.LastIndexOf("/claves/", StringComparison.Ordinal) is var at and > 0 ? kid[..(at + "/claves".Length)] : kid;
        if (keyFile is null)
        {
            error.WriteLine($"Este certificado es un VC-JWT firmado con la clave {kid}. Guarde el JWK Set publicado en {set} y");
            error.WriteLine("páselo con --key ARCHIVO: sin red, este comando no descarga claves.");
            return 2;
        }
        if (!File.Exists(keyFile))
        {
            error.WriteLine($"No se encontró la clave pública «{keyFile}».");
            return 2;
        }
        Microsoft.IdentityModel.Tokens.SecurityKey? key;
        try
        {
            var json = File.ReadAllText(keyFile);
            var keys = json.Contains("\"keys\"", StringComparison.Ordinal)
                ? new Microsoft.IdentityModel.Tokens.JsonWebKeySet(json).Keys
                : [new Microsoft.IdentityModel.Tokens.JsonWebKey(json)];
            key = keys.FirstOrDefault(k => k.Kid == kid);
        }
        catch (Exception ex) when (ex is ArgumentException or System.Text.Json.JsonException or InvalidOperationException)
        {
            error.WriteLine($"«{keyFile}» no es un JWK Set ni una JWK.");
            return 2;
        }
        if (key is null)
        {
            output.WriteLine($"NO VÁLIDO: «{keyFile}» no trae la clave {kid} que nombra el certificado. Descargue el JWK Set vigente de {set}.");
            return 1;
        }

        var result = OpenBadgeCredential.VerifyAsync(jwt, key).GetAwaiter().GetResult();
        if (!result.Valid || result.Facts is not { } f)
        {
            output.WriteLine($"NO VÁLIDO: {result.Message}");
            return 1;
        }
        output.WriteLine($"VÁLIDO: {f.Code}. {result.Message}");
        output.WriteLine($"Emisor {result.IssuerId}; titular {f.HolderName}; curso «{f.CourseTitle}», {f.Hours} horas, terminado el {f.CompletedOn:yyyy-MM-dd}.");
        if (f.ValidUntilUtc is { } until)
            output.WriteLine(until <= DateTime.UtcNow
                ? $"VENCIDO desde {OpenBadgeCredential.Instant(until)}: el curso exige renovarlo."
                : $"Vigente hasta {OpenBadgeCredential.Instant(until)}.");
        output.WriteLine("La revocación no consta en el archivo: consulte la lista de estado que nombra credentialStatus o la página de verificación.");
        return 0;
    }
}
