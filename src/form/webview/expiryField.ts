/** The API token's "Expires on" date and its "I don't know" box. */
export class ExpiryField {
  /** The stored date goes into the field once, not over what the user picked since. */
  private prefilled = false;

  constructor(
    private readonly date: HTMLInputElement,
    private readonly unknown: HTMLInputElement,
  ) {
    unknown.addEventListener('change', () => this.showChoice());
  }

  /** The date, or '' for "I don't know" (an empty date says the same). */
  get value(): string {
    return this.unknown.checked ? '' : this.date.value;
  }

  /** From the stored connection or the saved state: '' or absent is "I don't know". */
  prefill(expiresOn: string | undefined): void {
    if (this.prefilled) return;
    this.prefilled = true;
    if (expiresOn) this.date.value = expiresOn;
    this.unknown.checked = !expiresOn;
    this.showChoice();
  }

  /** A new token gets a new date: back to the page's default. */
  reset(): void {
    this.date.value = this.date.defaultValue;
    this.unknown.checked = false;
    this.showChoice();
  }

  // "I don't know" turns the date off, so it is neither sent nor read out as a value.
  private showChoice(): void {
    this.date.disabled = this.unknown.checked;
  }
}
