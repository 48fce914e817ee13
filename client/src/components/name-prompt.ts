import { LitElement, css, html } from 'lit';
import { AUTHOR_COLORS, MAX_NAME_LENGTH, cleanName, type AuthorIdentity } from '../author/author-identity';

/** Asks a new author for the name others will see next to their cursor, and a colour. */
export class NamePrompt extends LitElement {
  static override properties = {
    color: {},
    name: { state: true },
  };

  declare color: string;
  declare name: string;

  static override styles = css`
    :host {
      position: fixed;
      inset: 0;
      display: grid;
      place-items: center;
      background: rgb(30 30 30 / 45%);
      z-index: 10;
    }
    form {
      background: #fffdf8;
      padding: 1.5rem 1.75rem;
      border-radius: 8px;
      box-shadow: 0 10px 40px rgb(0 0 0 / 25%);
      width: min(26rem, 90vw);
    }
    h2 {
      margin-top: 0;
      font-family: Georgia, serif;
      font-weight: 400;
    }
    input[type='text'] {
      width: 100%;
      box-sizing: border-box;
      font: inherit;
      padding: 0.5rem;
      margin: 0.25rem 0 1rem;
    }
    fieldset {
      border: 0;
      padding: 0;
      display: flex;
      gap: 0.4rem;
      margin: 0.25rem 0 1.25rem;
    }
    .swatch {
      width: 1.8rem;
      height: 1.8rem;
      border-radius: 50%;
      border: 3px solid transparent;
      cursor: pointer;
    }
    .swatch[aria-checked='true'] {
      border-color: #222;
    }
    button[type='submit'] {
      font: inherit;
      padding: 0.5rem 1.2rem;
      background: #2f4858;
      color: #fff;
      border: 0;
      border-radius: 4px;
      cursor: pointer;
    }
    button[type='submit']:disabled {
      opacity: 0.5;
    }
  `;

  constructor() {
    super();
    this.color = AUTHOR_COLORS[0];
    this.name = '';
  }

  protected override render() {
    return html`<form role="dialog" aria-modal="true" aria-labelledby="title" @submit=${this.submit}>
      <h2 id="title">Welcome to wethink</h2>
      <label for="name">Your name, as co-authors will see it</label>
      <input
        id="name"
        type="text"
        autocomplete="name"
        maxlength=${MAX_NAME_LENGTH}
        required
        autofocus
        .value=${this.name}
        @input=${(event: Event) => (this.name = (event.target as HTMLInputElement).value)}
      />
      <div id="color-label">Your colour</div>
      <fieldset role="radiogroup" aria-labelledby="color-label">
        ${AUTHOR_COLORS.map(
          (color) =>
            html`<button
              type="button"
              class="swatch"
              role="radio"
              aria-checked=${String(color === this.color)}
              aria-label=${color}
              style="background:${color}"
              @click=${() => (this.color = color)}
            ></button>`,
        )}
      </fieldset>
      <button type="submit" ?disabled=${cleanName(this.name) === ''}>Start writing</button>
    </form>`;
  }

  private submit(event: SubmitEvent): void {
    event.preventDefault();
    const name = cleanName(this.name);
    if (name === '') return;
    const detail: AuthorIdentity = { name, color: this.color };
    this.dispatchEvent(new CustomEvent('author-identity-submit', { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'name-prompt': NamePrompt;
  }
  interface HTMLElementEventMap {
    'author-identity-submit': CustomEvent<AuthorIdentity>;
  }
}
