// Collects a card with Stripe.js when the portal runs with a Stripe publishable key: the
// Payment Element turns the card into a confirmation token, which the form posts; a 3-D Secure
// challenge is completed with handleNextAction before the form asks the API to confirm.
(function () {
  "use strict";
  var cardForm = document.getElementById("card-form");
  if (cardForm && cardForm.dataset.stripeKey) {
    var stripe = Stripe(cardForm.dataset.stripeKey);
    var elements = stripe.elements({ mode: "setup", currency: "usd", paymentMethodCreation: "manual" });
    elements.create("payment").mount("#payment-element");
    cardForm.addEventListener("submit", function (event) {
      if (document.getElementById("confirmation_token_id").value) return;
      event.preventDefault();
      elements.submit().then(function (result) {
        if (result.error) throw result.error;
        return stripe.createConfirmationToken({ elements: elements });
      }).then(function (result) {
        if (result.error) throw result.error;
        document.getElementById("confirmation_token_id").value = result.confirmationToken.id;
        cardForm.submit();
      }).catch(function (error) {
        var message = document.getElementById("card-error") || document.createElement("p");
        message.id = "card-error";
        message.className = "error";
        message.setAttribute("role", "alert");
        message.textContent = error.message || "The card could not be added.";
        cardForm.before(message);
      });
    });
  }
  var challengeForm = document.getElementById("challenge-form");
  if (challengeForm && challengeForm.dataset.stripeKey) {
    Stripe(challengeForm.dataset.stripeKey).handleNextAction({ clientSecret: challengeForm.dataset.clientSecret })
      .finally(function () { challengeForm.submit(); });
  }
})();
