using System.Security.Cryptography.X509Certificates;

namespace ContactTrace.Host.Extensions;

/// <summary>
/// The <c>Cluster:Tls</c> section: the certificate every silo of the cluster presents and requires of its peers.
/// Either a PKCS#12 file (<see cref="CertificatePath"/> with <see cref="CertificatePassword"/>) or a PEM
/// certificate with its key (<see cref="CertificatePath"/> and <see cref="KeyPath"/>, as a Kubernetes TLS Secret
/// mounts them as <c>tls.crt</c> and <c>tls.key</c>).
/// </summary>
public sealed class SiloTlsOptions
{
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    public string? KeyPath { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(CertificatePath);

    /// <summary>Loads the certificate with its private key, or fails naming the setting and why.</summary>
    public X509Certificate2 LoadCertificate()
    {
        X509Certificate2 certificate;
        try
        {
            certificate = string.IsNullOrWhiteSpace(KeyPath)
                ? X509CertificateLoader.LoadPkcs12FromFile(CertificatePath!, CertificatePassword)
                : X509Certificate2.CreateFromPemFile(CertificatePath!, KeyPath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException(
                $"Cluster:Tls:CertificatePath '{CertificatePath}' could not be loaded{(KeyPath is null ? "" : $" with Cluster:Tls:KeyPath '{KeyPath}'")}: {exception.Message}", exception);
        }

        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"Cluster:Tls:CertificatePath '{CertificatePath}' holds no private key; a silo must prove it owns the certificate.");
        }

        return certificate;
    }
}
