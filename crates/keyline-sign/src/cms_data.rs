//! The detached CMS SignedData inside a signed PDF: made from the PDF's digest, and read
//! back with its signer, digest and time.
