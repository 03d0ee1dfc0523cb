import { useEffect, useRef, type ImgHTMLAttributes } from 'react'

interface BlobImageProps extends Omit<ImgHTMLAttributes<HTMLImageElement>, 'src'> {
  blob: Blob
  alt: string
}

/**
 * Shows an image held in memory (a chosen file, a download made with the access token) through an
 * object URL that lives exactly as long as the image is shown.
 */
export function BlobImage({ blob, alt, ...image }: BlobImageProps) {
  const ref = useRef<HTMLImageElement>(null)
  useEffect(() => {
    const url = URL.createObjectURL(blob)
    if (ref.current !== null) ref.current.src = url
    return () => URL.revokeObjectURL(url)
  }, [blob])
  return <img ref={ref} alt={alt} {...image} />
}
